package io.keysmith.rootkey;

import io.keysmith.core.AesGcm;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
import io.keysmith.rootkey.Pkcs11Token.KeyAttributes;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.ProviderException;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.security.auth.login.LoginException;

/**
 * The root key inside an HSM (CloudHSM in AWS, SoftHSM2 locally), used through the JDK's SunPKCS11
 * provider. It is a 32-byte HMAC key (a generic secret), sensitive and never extractable, labelled
 * {@code <label>-hmac}, and the HSM only ever computes HMAC-SHA256 with it ({@code CKM_SHA256_HMAC}):
 * {@link #derive} is HKDF-Expand (RFC 5869) with that key as the PRK, one block. Every AES-GCM that uses
 * a derived key runs in the JVM, so nothing depends on an IV the HSM might choose by itself (CloudHSM
 * ignores the caller's AES-GCM IV and writes its own back, which SunPKCS11 never reads).
 *
 * <p>Material wrapped before this design (wrap format 1) was sealed with AES-GCM inside the HSM under an
 * AES key labelled {@code <label>}. If the token has that key it is kept for {@link #unwrapFormat1}
 * only: AES-GCM decryption, where the IV is the caller's to give.
 *
 * <p>Start-up checks read each key's attributes and refuse a key that is not what it must be.
 *
 * <p>Concurrency: SunPKCS11 keeps a pool of PKCS#11 sessions and every Mac or Cipher borrows one for
 * the length of one operation, so concurrent requests run in parallel without any lock here. When an
 * operation fails because the session or the login is gone ({@link #needsLogin}: an HSM restart, a
 * SnapStart restore), it logs in again, finds the keys again, and retries once; any other failure is
 * reported as it is.
 */
public final class Pkcs11RootKey implements RootKey {
    /** The HMAC root key's label is the configured label followed by this. */
    public static final String HMAC_LABEL_SUFFIX = "-hmac";

    /** PKCS#11 return values after which logging in again and retrying can help. */
    private static final Map<Long, String> RELOGIN_CODES = Map.of(
            0x101L, "CKR_USER_NOT_LOGGED_IN",
            0x0B3L, "CKR_SESSION_HANDLE_INVALID",
            0x032L, "CKR_DEVICE_REMOVED",
            0x060L, "CKR_KEY_HANDLE_INVALID",
            0x082L, "CKR_OBJECT_HANDLE_INVALID");

    /**
     * Where the root key lives on the token, and how to log in.
     *
     * @param configFile     a SunPKCS11 configuration file (library and slot)
     * @param pin            the user PIN
     * @param keyLabel       the root key's label: the HMAC key is {@code keyLabel + "-hmac"}, and an AES
     *                       key labelled {@code keyLabel}, if any, opens wrap format 1
     * @param createIfAbsent create the HMAC key when the token has none with that label
     */
    public record Settings(Path configFile, char[] pin, String keyLabel, boolean createIfAbsent) {
        @Override
        public String toString() {
            return "Pkcs11RootKey.Settings[" + configFile + ", label " + keyLabel + ", PIN redacted]";
        }
    }

    private record Keys(Key hmac, Key format1) {}

    private final AuthProvider provider;
    private final Pkcs11Token token;
    private final Settings settings;
    private final boolean needHmacKey;
    private volatile Keys keys;

    private Pkcs11RootKey(AuthProvider provider, Pkcs11Token token, Settings settings, boolean needHmacKey) {
        this.provider = provider;
        this.token = token;
        this.settings = settings;
        this.needHmacKey = needHmacKey;
    }

    /** The id of the root key of {@code keyLabel}, recorded with the material it wraps. */
    public static String idFor(String keyLabel) {
        return "pkcs11:" + keyLabel;
    }

    /**
     * Opens the token, logs in, finds the HMAC key (or, if asked, creates it) and the format-1 AES key
     * if there is one, and checks both; fails with a one-line message that says what is wrong.
     */
    public static Pkcs11RootKey open(Settings settings) {
        return open(settings, true);
    }

    /**
     * Like {@link #open}, but never creates a key, and a token with only the format-1 AES key will do:
     * for reading material that a root key wrapped before, as the source of a migration.
     *
     * @throws KeyMissingException when the token has neither key
     */
    public static Pkcs11RootKey openExisting(Settings settings) {
        return open(new Settings(settings.configFile(), settings.pin(), settings.keyLabel(), false), false);
    }

    private static Pkcs11RootKey open(Settings settings, boolean needHmacKey) {
        String config;
        try {
            config = Files.readString(settings.configFile());
        } catch (IOException e) {
            throw new Pkcs11Exception(
                    "cannot read the PKCS#11 configuration " + settings.configFile() + ": " + e.getMessage());
        }
        AuthProvider provider;
        try {
            provider = (AuthProvider) Security.getProvider("SunPKCS11").configure("--" + config);
        } catch (ProviderException e) {
            throw new Pkcs11Exception("cannot open the PKCS#11 token configured in " + settings.configFile()
                    + " (is the library path right, and is a token initialised in that slot?): " + rootCause(e));
        }
        Pkcs11RootKey rootKey =
                new Pkcs11RootKey(provider, Pkcs11Token.of(config, settings.configFile()), settings, needHmacKey);
        rootKey.load(settings.createIfAbsent());
        return rootKey;
    }

    private String hmacLabel() {
        return settings.keyLabel() + HMAC_LABEL_SUFFIX;
    }

    /** Logs in again, finds and checks the keys again: after a lost session, a logout, or a SnapStart restore. */
    public synchronized void reopen() {
        // Never creates a key: a key that a lost session hides for a moment must not get a twin under its label.
        load(false);
    }

    private void load(boolean createIfAbsent) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, settings.pin());
            long hmac = find(hmacLabel());
            if (hmac == 0 && createIfAbsent) {
                token.createHmacKey(hmacLabel());
                store.load(null, settings.pin());
                hmac = find(hmacLabel());
            }
            long format1 = find(settings.keyLabel());
            if (hmac == 0 && (needHmacKey || format1 == 0)) {
                throw new KeyMissingException("the PKCS#11 token has no key labelled '" + hmacLabel()
                        + "'" + (format1 == 0 ? "" : " (only the wrap-format-1 AES key '" + settings.keyLabel() + "')")
                        + "; create it once with --create-root-key");
            }
            if (hmac != 0) {
                check(hmacLabel(), token.attributes(hmac), KeyRole.HMAC);
            }
            if (format1 != 0) {
                check(settings.keyLabel(), token.attributes(format1), KeyRole.FORMAT_1);
            }
            keys = new Keys(
                    hmac == 0 ? null : store.getKey(hmacLabel(), null),
                    format1 == 0 ? null : store.getKey(settings.keyLabel(), null));
        } catch (IOException e) {
            throw new Pkcs11Exception("login to the PKCS#11 token failed: the PIN was refused or the token is locked ("
                    + rootCause(e) + ")");
        } catch (GeneralSecurityException e) {
            throw new Pkcs11Exception("cannot use the PKCS#11 token: " + rootCause(e));
        }
    }

    /** The handle of the one secret key with {@code label}, or 0. */
    private long find(String label) {
        long[] found = token.secretKeys(label);
        if (found.length > 1) {
            throw new Pkcs11Exception("the PKCS#11 token has " + found.length + " secret keys labelled '" + label
                    + "'; a root key's label must name exactly one");
        }
        return found.length == 0 ? 0 : found[0];
    }

    /** What each of the root key's keys must be. */
    enum KeyRole {
        /** The root key: an HMAC key, used only to sign (CKM_SHA256_HMAC). */
        HMAC(Pkcs11Token.CKK_GENERIC_SECRET, "CKK_GENERIC_SECRET", "CKA_SIGN"),
        /** The AES key of wrap format 1, used only to decrypt (CKM_AES_GCM). */
        FORMAT_1(Pkcs11Token.CKK_AES, "CKK_AES", "CKA_DECRYPT");

        final long keyType;
        final String keyTypeName;
        final String usage;

        KeyRole(long keyType, String keyTypeName, String usage) {
            this.keyType = keyType;
            this.keyTypeName = keyTypeName;
            this.usage = usage;
        }
    }

    /** The ways {@code attributes} fall short of {@code role}; empty when the key will do. */
    static List<String> problems(KeyAttributes attributes, KeyRole role) {
        List<String> problems = new ArrayList<>();
        if (attributes.keyType() != role.keyType) {
            problems.add(
                    "CKA_KEY_TYPE is 0x" + Long.toHexString(attributes.keyType()) + ", must be " + role.keyTypeName);
        }
        if (!attributes.token()) {
            problems.add("CKA_TOKEN is false, must be true");
        }
        if (!attributes.sensitive()) {
            problems.add("CKA_SENSITIVE is false, must be true");
        }
        if (attributes.extractable()) {
            problems.add("CKA_EXTRACTABLE is true, must be false");
        }
        boolean allowed = role == KeyRole.HMAC ? attributes.sign() : attributes.decrypt();
        if (!allowed) {
            problems.add(role.usage + " is false, must be true");
        }
        if (role == KeyRole.HMAC && attributes.derive()) {
            // Key-derivation mechanisms on the root key are a known way to get a sensitive key's bytes out of an HSM.
            problems.add("CKA_DERIVE is true, must be false");
        }
        if (role == KeyRole.HMAC && attributes.keyType() == role.keyType && attributes.valueLength() < 32) {
            problems.add("CKA_VALUE_LEN is " + attributes.valueLength() + ", must be at least 32");
        }
        return problems;
    }

    private static void check(String label, KeyAttributes attributes, KeyRole role) {
        List<String> problems = problems(attributes, role);
        if (!problems.isEmpty()) {
            throw new Pkcs11Exception(
                    "the PKCS#11 key '" + label + "' fails the start-up checks: " + String.join("; ", problems));
        }
    }

    @Override
    public String id() {
        return idFor(settings.keyLabel());
    }

    /** HKDF-Expand with the HSM's HMAC key as the PRK: HMAC-SHA256(key, info || 0x01), computed in the HSM. */
    @Override
    public SecretBytes derive(byte[] label, byte[] context) {
        byte[] info = RootKey.info(label, context);
        byte[] message = java.util.Arrays.copyOf(info, info.length + 1);
        message[info.length] = 1;
        return new SecretBytes(withKeys(k -> {
            if (k.hmac() == null) {
                throw new IllegalStateException("the PKCS#11 token has no key labelled '" + hmacLabel()
                        + "'; create it once with --create-root-key");
            }
            Mac mac = Mac.getInstance("HmacSHA256", provider);
            mac.init(k.hmac());
            return mac.doFinal(message);
        }));
    }

    /** Wrap format 1: AES-GCM decryption inside the HSM, under the AES key labelled with the root key's label. */
    @Override
    public SecretBytes unwrapFormat1(byte[] wrapped, byte[] aad) {
        return new SecretBytes(withKeys(k -> {
            if (k.format1() == null) {
                throw new IllegalStateException("material of wrap format 1 needs the AES key labelled '"
                        + settings.keyLabel() + "', which the PKCS#11 token does not have");
            }
            return AesGcm.openFramed(k.format1(), provider, wrapped, aad);
        }));
    }

    /** For tests and operators: the HMAC key as SunPKCS11 sees it (its encoding is always null). */
    public Key hmacKey() {
        return keys.hmac();
    }

    /** For tests: drops the login, as an HSM restart would. */
    public void logout() throws LoginException {
        provider.logout();
    }

    private interface KeyOperation {
        byte[] apply(Keys keys) throws GeneralSecurityException;
    }

    private byte[] withKeys(KeyOperation operation) {
        try {
            try {
                return operation.apply(keys);
            } catch (GeneralSecurityException | RuntimeException e) {
                if (e instanceof AesGcm.NotAuthenticException || !needsLogin(e)) {
                    throw e;
                }
                reopen();
                return operation.apply(keys);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("root key operation failed in the HSM: " + rootCause(e), e);
        }
    }

    /**
     * Whether a failure means the session or the login is gone, so that logging in again and retrying
     * once can help: a PKCS#11 CKR_USER_NOT_LOGGED_IN, CKR_SESSION_HANDLE_INVALID or CKR_DEVICE_REMOVED,
     * or the invalid handle of a private key that a lost login hides (CKR_KEY_HANDLE_INVALID, or
     * CKR_OBJECT_HANDLE_INVALID, which SoftHSM2 answers after a logout), anywhere in the cause chain.
     * Any other failure, a wrong tag or a device error included, is not retried.
     */
    static boolean needsLogin(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Long code = returnValue(t);
            if (code != null) {
                return RELOGIN_CODES.containsKey(code);
            }
        }
        return false;
    }

    /** The CKR_ code of a PKCS#11 wrapper exception, or null for any other throwable. */
    static Long returnValue(Throwable t) {
        if (!t.getClass().getName().equals("sun.security.pkcs11.wrapper.PKCS11Exception")) {
            return null;
        }
        try {
            Method getErrorCode = t.getClass().getMethod("getErrorCode");
            return (Long) getErrorCode.invoke(t);
        } catch (ReflectiveOperationException | RuntimeException notExported) {
            return returnValue(String.valueOf(t.getMessage()));
        }
    }

    /** The code whose CKR_ name starts a wrapper exception's message ("CKR_USER_NOT_LOGGED_IN", ...). */
    static Long returnValue(String message) {
        for (Map.Entry<Long, String> known : RELOGIN_CODES.entrySet()) {
            String name = known.getValue();
            if (message.startsWith(name)
                    && (message.length() == name.length()
                            || (!Character.isLetterOrDigit(message.charAt(name.length()))
                                    && message.charAt(name.length()) != '_'))) {
                return known.getKey();
            }
        }
        return -1L;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Start-up and configuration failures, with a message meant for the operator. */
    public static class Pkcs11Exception extends IllegalStateException {
        Pkcs11Exception(String message) {
            super(message);
        }
    }

    /** The token has no key with the root key's label. */
    public static final class KeyMissingException extends Pkcs11Exception {
        KeyMissingException(String message) {
            super(message);
        }
    }
}
