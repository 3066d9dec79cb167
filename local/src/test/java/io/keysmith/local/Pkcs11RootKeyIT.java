package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.SecretBytes;
import io.keysmith.rootkey.Pkcs11RootKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKCS#11 root key (an HMAC key used as a PRF) on a real SoftHSM2 token: what is particular to it.
 * What every root key must do (deterministic, distinct derivations; a stable id) is Pkcs11RootKeyContractIT's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pkcs11RootKeyIT {
    private static final String LABEL = "pkcs11-it-root";
    private static final byte[] LABEL_A = "keysmith/test/a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL_B = "keysmith/test/b".getBytes(StandardCharsets.US_ASCII);
    private Pkcs11RootKey rootKey;

    @TempDir
    Path work;

    @BeforeAll
    void open() {
        rootKey = Pkcs11RootKey.open(settings(LABEL, true));
    }

    private static Pkcs11RootKey.Settings settings(String label, boolean create) {
        return settings(TestSoftHsm.config(), label, create);
    }

    private static Pkcs11RootKey.Settings settings(Path config, String label, boolean create) {
        return new Pkcs11RootKey.Settings(
                config, System.getenv(TestSoftHsm.PIN_ENV).toCharArray(), label, create);
    }

    private static byte[] derive(Pkcs11RootKey key, byte[] label, String context) {
        try (SecretBytes derived = key.derive(label, context.getBytes(StandardCharsets.US_ASCII))) {
            return derived.reveal().clone();
        }
    }

    @Test
    void createsAnHmacKeyThatIsSensitiveNeverExtractableAndSignsOnly() throws Exception {
        String label = TestSoftHsm.freshLabel("created");
        Pkcs11RootKey created = Pkcs11RootKey.open(settings(label, true));
        assertNull(created.hmacKey().getEncoded());
        assertEquals("pkcs11:" + label, created.id());
        String object = TestSoftHsm.secretKey(label + Pkcs11RootKey.HMAC_LABEL_SUFFIX);
        assertTrue(object.startsWith("Secret Key Object; Generic secret length 32"), object);
        // pkcs11-tool shows no "sign" for a secret key; the start-up checks read CKA_SIGN themselves
        assertTrue(object.contains("Usage:      verify\n"), "no encrypt, decrypt, wrap or unwrap: " + object);
        String access = object.lines()
                .filter(l -> l.trim().startsWith("Access:"))
                .findFirst()
                .orElseThrow();
        assertTrue(access.contains("never extractable"), access);
        assertTrue(access.contains("sensitive"), access);
        assertEquals(32, derive(created, LABEL_A, "x").length);
    }

    @Test
    void eightThreadsTimesFiveHundredDerivationsRunWithoutError() throws Exception {
        byte[] expected = derive(rootKey, LABEL_A, "concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] derived = derive(rootKey, LABEL_B, "context " + i);
                        assertEquals(32, derived.length);
                        if (i % 50 == 0) {
                            assertArrayEquals(expected, derive(rootKey, LABEL_A, "concurrent"));
                        }
                    }
                    return 500;
                }));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            assertEquals(4000, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recoversFromALogoutByLoggingInAgain() throws Exception {
        byte[] before = derive(rootKey, LABEL_A, "logout");
        rootKey.logout();
        assertArrayEquals(before, derive(rootKey, LABEL_A, "logout"));
    }

    /** A wrong PIN needs a process of its own (PKCS#11 login is per process): see Pkcs11StartupIT. */
    @Test
    void missingKeyAndMissingTokenSayWhatIsWrong() throws Exception {
        Pkcs11RootKey.Pkcs11Exception noKey = assertThrows(
                Pkcs11RootKey.Pkcs11Exception.class, () -> Pkcs11RootKey.open(settings("no-such-key", false)));
        assertTrue(noKey.getMessage().contains("no key labelled 'no-such-key-hmac'"), noKey.getMessage());

        Path noToken = Files.writeString(
                work.resolve("missing.cfg"),
                "name = Missing\nlibrary = " + TestSoftHsm.library() + "\nslotListIndex = 7\n");
        Pkcs11RootKey.Pkcs11Exception missing = assertThrows(
                Pkcs11RootKey.Pkcs11Exception.class, () -> Pkcs11RootKey.open(settings(noToken, LABEL, false)));
        assertTrue(
                missing.getMessage().startsWith("cannot open the PKCS#11 token configured in " + noToken),
                missing.getMessage());
    }

    /** pkcs11-tool cannot make a secret key without CKA_SIGN; Pkcs11RootKeyTest covers that check. */
    @Test
    void startUpChecksRefuseAKeyThatIsNotWhatItMustBe() throws Exception {
        String extractable = TestSoftHsm.freshLabel("extractable");
        TestSoftHsm.generate(extractable + "-hmac", "GENERIC:32", "--sensitive", "--extractable", "--usage-sign");
        assertRefused(
                extractable,
                "the PKCS#11 key '" + extractable + "-hmac' fails the start-up checks: "
                        + "CKA_EXTRACTABLE is true, must be false");

        String notSensitive = TestSoftHsm.freshLabel("not-sensitive");
        TestSoftHsm.generate(notSensitive + "-hmac", "GENERIC:32", "--usage-sign");
        assertRefused(notSensitive, "CKA_SENSITIVE is false, must be true");

        String aes = TestSoftHsm.freshLabel("aes");
        TestSoftHsm.generate(aes + "-hmac", "AES:32", "--sensitive", "--usage-sign");
        assertRefused(aes, "CKA_KEY_TYPE is 0x1f, must be CKK_GENERIC_SECRET");

        String shortKey = TestSoftHsm.freshLabel("short");
        TestSoftHsm.generate(shortKey + "-hmac", "GENERIC:16", "--sensitive", "--usage-sign");
        assertRefused(shortKey, "CKA_VALUE_LEN is 16, must be at least 32");
    }

    private static void assertRefused(String label, String expected) {
        Pkcs11RootKey.Pkcs11Exception refused =
                assertThrows(Pkcs11RootKey.Pkcs11Exception.class, () -> Pkcs11RootKey.open(settings(label, false)));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
    }
}
