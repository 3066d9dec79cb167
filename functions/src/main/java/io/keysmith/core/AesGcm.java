package io.keysmith.core;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM, the one implementation Keysmith has: a 12-byte IV and a 16-byte tag. Everything that
 * Keysmith seals (blobs, wrapped material, markers) goes through here. The framed form is
 * IV (12) || ciphertext || tag (16).
 */
public final class AesGcm {
    public static final int KEY_LENGTH = 32;
    public static final int IV_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /** The provider that serves AES-GCM, found once: a lookup by name walks every provider on each call. */
    private static final Provider DEFAULT_PROVIDER = defaultProvider();

    private AesGcm() {}

    /** The ciphertext, the key, the IV or the AAD is not the one sealed: the input is altered or not ours. */
    public static final class NotAuthenticException extends RuntimeException {
        NotAuthenticException(String message) {
            super(message, null, false, false);
        }
    }

    /** An AES key for the JVM's provider; the caller wipes {@code key} when done with the returned key. */
    public static SecretKeySpec key(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key, not " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    /** Ciphertext || tag, under a key in the JVM. */
    public static byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[]... aad) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key(key), null, iv, 0, aad).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    /** Opens ciphertext || tag sealed by {@link #seal}. */
    public static byte[] open(byte[] key, byte[] iv, byte[] sealed, byte[]... aad) {
        return open(key(key), null, iv, 0, sealed, 0, sealed.length, aad);
    }

    /** IV || ciphertext || tag, with a fresh random IV, under a key in the JVM. */
    public static byte[] sealFramed(byte[] key, SecureRandom random, byte[] plaintext, byte[]... aad) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        byte[] sealed = seal(key, iv, plaintext, aad);
        byte[] out = Arrays.copyOf(iv, IV_LENGTH + sealed.length);
        System.arraycopy(sealed, 0, out, IV_LENGTH, sealed.length);
        return out;
    }

    /** Opens IV || ciphertext || tag under a key in the JVM. */
    public static byte[] openFramed(byte[] key, byte[] framed, byte[]... aad) {
        return openFramed(key(key), null, framed, aad);
    }

    /**
     * Opens IV || ciphertext || tag under {@code key} of {@code provider} (null: the JVM's own). Only
     * decryption takes a key of another provider: an HSM may ignore an IV given to it for encryption.
     */
    public static byte[] openFramed(Key key, Provider provider, byte[] framed, byte[]... aad) {
        if (framed.length < IV_LENGTH + TAG_LENGTH) {
            throw new NotAuthenticException("sealed input too short");
        }
        return open(key, provider, framed, 0, framed, IV_LENGTH, framed.length - IV_LENGTH, aad);
    }

    private static byte[] open(
            Key key, Provider provider, byte[] iv, int ivOffset, byte[] sealed, int offset, int length, byte[]... aad) {
        try {
            return cipher(Cipher.DECRYPT_MODE, key, provider, iv, ivOffset, aad).doFinal(sealed, offset, length);
        } catch (AEADBadTagException e) {
            throw new NotAuthenticException("AES-GCM tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM open failed", e);
        }
    }

    private static Cipher cipher(int mode, Key key, Provider provider, byte[] iv, int ivOffset, byte[]... aad)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION, provider == null ? DEFAULT_PROVIDER : provider);
        cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, iv, ivOffset, IV_LENGTH));
        for (byte[] part : aad) {
            cipher.updateAAD(part);
        }
        return cipher;
    }

    private static Provider defaultProvider() {
        try {
            return Cipher.getInstance(TRANSFORMATION).getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }
}
