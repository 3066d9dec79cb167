package io.keysmith.rootkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.rootkey.Pkcs11RootKey.KeyRole;
import io.keysmith.rootkey.Pkcs11Token.KeyAttributes;
import java.security.InvalidKeyException;
import java.security.ProviderException;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PKCS#11 root key's decisions that need no token: when to log in again, and which keys to refuse. */
class Pkcs11RootKeyTest {
    /** A real exception of the JDK's PKCS#11 wrapper (the build's test JVM has --add-exports for it). */
    private static Exception pkcs11Exception(long code) throws Exception {
        return (Exception) Class.forName("sun.security.pkcs11.wrapper.PKCS11Exception")
                .getConstructor(long.class, String.class)
                .newInstance(code, null);
    }

    /** The ways SunPKCS11 and Keysmith wrap a PKCS#11 failure on the way up. */
    private static List<Throwable> asThrown(Exception pkcs11) {
        return List.of(
                pkcs11,
                new ProviderException("doFinal() failed", pkcs11),
                new InvalidKeyException("init() failed", pkcs11),
                new IllegalStateException("AES-GCM open failed", new ProviderException("update() failed", pkcs11)));
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"101", "b3", "32", "60", "82"})
    void sessionAndLoginErrorsLogInAgain(String hex) throws Exception {
        for (Throwable thrown : asThrown(pkcs11Exception(Long.parseLong(hex, 16)))) {
            assertTrue(Pkcs11RootKey.needsLogin(thrown), thrown.toString());
        }
    }

    /** CKR_GENERAL_ERROR, CKR_FUNCTION_FAILED, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_ENCRYPTED_DATA_INVALID, CKR_PIN_INCORRECT. */
    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"5", "6", "30", "31", "40", "a0"})
    void otherPkcs11ErrorsDoNot(String hex) throws Exception {
        for (Throwable thrown : asThrown(pkcs11Exception(Long.parseLong(hex, 16)))) {
            assertFalse(Pkcs11RootKey.needsLogin(thrown), thrown.toString());
        }
    }

    @Test
    void aProviderExceptionAloneIsNoReasonToLogInAgain() {
        assertFalse(Pkcs11RootKey.needsLogin(new ProviderException("Token has been removed")));
        assertFalse(Pkcs11RootKey.needsLogin(new ProviderException("update() failed", new AEADBadTagException("tag"))));
        assertFalse(Pkcs11RootKey.needsLogin(new IllegalStateException("no HMAC key")));
    }

    @Test
    void withoutTheWrapperExportedTheCodeIsReadFromTheMessage() {
        assertEquals(0x101L, Pkcs11RootKey.returnValue("CKR_USER_NOT_LOGGED_IN"));
        assertEquals(0xB3L, Pkcs11RootKey.returnValue("CKR_SESSION_HANDLE_INVALID, while signing"));
        assertEquals(-1L, Pkcs11RootKey.returnValue("CKR_USER_NOT_LOGGED_IN_SOMEHOW"));
        assertEquals(-1L, Pkcs11RootKey.returnValue("CKR_GENERAL_ERROR"));
        assertEquals(-1L, Pkcs11RootKey.returnValue("0x80000001"));
    }

    private static final KeyAttributes GOOD_HMAC =
            new KeyAttributes(Pkcs11Token.CKK_GENERIC_SECRET, true, true, false, true, false, 32, false);
    private static final KeyAttributes GOOD_AES =
            new KeyAttributes(Pkcs11Token.CKK_AES, true, true, false, false, true, 32, false);

    @Test
    void startUpChecksAcceptOnlyASensitiveNonExtractableKeyOfTheRightTypeAndUse() {
        // A table of cases: the good keys pass; each bad attribute, type or use is named
        assertEquals(List.of(), Pkcs11RootKey.problems(GOOD_HMAC, KeyRole.HMAC));
        assertEquals(List.of(), Pkcs11RootKey.problems(GOOD_AES, KeyRole.FORMAT_1));
        assertEquals(
                List.of("CKA_EXTRACTABLE is true, must be false"),
                Pkcs11RootKey.problems(
                        new KeyAttributes(Pkcs11Token.CKK_GENERIC_SECRET, true, true, true, true, false, 32, false),
                        KeyRole.HMAC));
        assertEquals(
                List.of("CKA_SENSITIVE is false, must be true"),
                Pkcs11RootKey.problems(
                        new KeyAttributes(Pkcs11Token.CKK_GENERIC_SECRET, true, false, false, true, false, 32, false),
                        KeyRole.HMAC));
        assertEquals(
                List.of("CKA_SIGN is false, must be true"),
                Pkcs11RootKey.problems(
                        new KeyAttributes(Pkcs11Token.CKK_GENERIC_SECRET, true, true, false, false, true, 32, false),
                        KeyRole.HMAC));
        assertEquals(
                List.of("CKA_TOKEN is false, must be true"),
                Pkcs11RootKey.problems(
                        new KeyAttributes(Pkcs11Token.CKK_GENERIC_SECRET, false, true, false, true, false, 32, false),
                        KeyRole.HMAC));
        assertEquals(
                List.of("CKA_VALUE_LEN is 16, must be at least 32"),
                Pkcs11RootKey.problems(
                        new KeyAttributes(Pkcs11Token.CKK_GENERIC_SECRET, true, true, false, true, false, 16, false),
                        KeyRole.HMAC));
        assertEquals(
                List.of("CKA_DERIVE is true, must be false"),
                Pkcs11RootKey.problems(
                        new KeyAttributes(Pkcs11Token.CKK_GENERIC_SECRET, true, true, false, true, false, 32, true),
                        KeyRole.HMAC));
        assertEquals(
                List.of("CKA_KEY_TYPE is 0x1f, must be CKK_GENERIC_SECRET"),
                Pkcs11RootKey.problems(
                        new KeyAttributes(Pkcs11Token.CKK_AES, true, true, false, true, true, 32, false),
                        KeyRole.HMAC));
        assertEquals(
                List.of("CKA_KEY_TYPE is 0x10, must be CKK_AES", "CKA_DECRYPT is false, must be true"),
                Pkcs11RootKey.problems(GOOD_HMAC, KeyRole.FORMAT_1));
    }
}
