package io.keysmith.rootkey;

import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.ProviderException;
import java.security.Security;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.security.auth.login.LoginException;

/**
 * The root key inside an HSM (CloudHSM in AWS, SoftHSM2 locally), used through the JDK's SunPKCS11
 * provider: a token AES-256 key, sensitive and never extractable, found by its label. Material is
 * wrapped and unwrapped with AES-GCM inside the HSM; the key bytes never enter the JVM.
 *
 * <p>Concurrency: SunPKCS11 keeps a pool of PKCS#11 sessions and every Cipher borrows one for the
 * length of one operation, so concurrent requests run in parallel on separate sessions without any
 * lock here. A lost session or a logout (an HSM restart, a SnapStart restore) shows as an invalid
 * key handle; the operation then logs in again, finds the key again, and retries once.
 */
public final class Pkcs11RootKey implements RootKey {
    /** Appended to the caller's SunPKCS11 configuration: keys it generates are sensitive and never extractable. */
    private static final String KEY_ATTRIBUTES = """

            attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;

    /**
     * @param configFile     a SunPKCS11 configuration file (library and slot)
     * @param pin            the user PIN
     * @param keyLabel       the root key's CKA_LABEL
     * @param createIfAbsent create the key when the token has none with that label
     */
    public record Settings(Path configFile, char[] pin, String keyLabel, boolean createIfAbsent) {
        @Override
        public String toString() {
            return "Pkcs11RootKey.Settings[" + configFile + ", label " + keyLabel + ", PIN redacted]";
        }
    }

    private final AuthProvider provider;
    private final Settings settings;
    private final Randomness randomness;
    private volatile Key key;

    private Pkcs11RootKey(AuthProvider provider, Settings settings, Randomness randomness) {
        this.provider = provider;
        this.settings = settings;
        this.randomness = randomness;
    }

    /** Opens the token, logs in and finds (or, if asked, creates) the key; fails with a message that says what is wrong. */
    public static Pkcs11RootKey open(Settings settings, Randomness randomness) {
        String config;
        try {
            config = Files.readString(settings.configFile());
        } catch (IOException e) {
            throw new Pkcs11Exception("cannot read the PKCS#11 configuration " + settings.configFile() + ": " + e.getMessage());
        }
        AuthProvider provider;
        try {
            provider = (AuthProvider) Security.getProvider("SunPKCS11").configure("--" + config + KEY_ATTRIBUTES);
        } catch (ProviderException e) {
            throw new Pkcs11Exception("cannot open the PKCS#11 token configured in " + settings.configFile()
                    + " (is the library path right, and is a token initialised in that slot?): " + rootCause(e));
        }
        Pkcs11RootKey rootKey = new Pkcs11RootKey(provider, settings, randomness);
        rootKey.reopen();
        return rootKey;
    }

    /** Logs in again and looks the key up again: after a lost session, a logout, or a SnapStart restore. */
    public synchronized void reopen() {
        try {
            KeyStore token = KeyStore.getInstance("PKCS11", provider);
            token.load(null, settings.pin());
            Key found = token.getKey(settings.keyLabel(), null);
            if (found == null) {
                if (!settings.createIfAbsent()) {
                    throw new Pkcs11Exception("the PKCS#11 token has no key labelled '" + settings.keyLabel()
                            + "'; create it once with --create-root-key");
                }
                found = create(token);
            }
            key = found;
        } catch (IOException e) {
            throw new Pkcs11Exception("login to the PKCS#11 token failed: the PIN was refused or the token is locked ("
                    + rootCause(e) + ")");
        } catch (GeneralSecurityException e) {
            throw new Pkcs11Exception("cannot use the PKCS#11 token: " + rootCause(e));
        }
    }

    /** A session key generated in the HSM, then stored as a token object under the label. */
    private Key create(KeyStore token) throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
        generator.init(256);
        SecretKey sessionKey = generator.generateKey();
        token.setEntry(settings.keyLabel(), new KeyStore.SecretKeyEntry(sessionKey), null);
        return token.getKey(settings.keyLabel(), null);
    }

    @Override
    public String id() {
        return "pkcs11:" + settings.keyLabel();
    }

    @Override
    public byte[] wrap(SecretBytes material, byte[] aad) {
        return withKey(k -> AesGcm.seal(k, provider, randomness.generator(), material.reveal(), aad));
    }

    @Override
    public SecretBytes unwrap(byte[] wrapped, byte[] aad) {
        return new SecretBytes(withKey(k -> AesGcm.open(k, provider, wrapped, aad)));
    }

    /** For tests and operators: the key as SunPKCS11 sees it (its encoding is always null). */
    public Key key() {
        return key;
    }

    /** For tests: drops the login, as an HSM restart would. */
    public void logout() throws LoginException {
        provider.logout();
    }

    private interface KeyOperation {
        byte[] apply(Key key) throws GeneralSecurityException;
    }

    private byte[] withKey(KeyOperation operation) {
        try {
            try {
                return operation.apply(key);
            } catch (InvalidKeyException | ProviderException lostSession) {
                reopen();
                return operation.apply(key);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("root key operation failed in the HSM", e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Start-up and configuration failures, with a message meant for the operator. */
    public static final class Pkcs11Exception extends IllegalStateException {
        Pkcs11Exception(String message) {
            super(message);
        }
    }
}
