package io.keysmith.core;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869), for output lengths up to one hash block, which is all Keysmith needs. */
public final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    /** The provider that serves HMAC-SHA256, found once: a lookup by name walks every provider on each call. */
    private static final Provider PROVIDER = provider();

    private Hkdf() {}

    public static byte[] sha256(byte[] inputKey, byte[] salt, byte[] info, int length) {
        if (length > 32) {
            throw new IllegalArgumentException("HKDF output longer than one block is not needed here");
        }
        try {
            Mac mac = Mac.getInstance(HMAC, PROVIDER);
            mac.init(new SecretKeySpec(salt, HMAC));
            byte[] prk = mac.doFinal(inputKey);
            try {
                mac.init(new SecretKeySpec(prk, HMAC));
                mac.update(info);
                mac.update((byte) 1);
                byte[] block = mac.doFinal();
                byte[] out = java.util.Arrays.copyOf(block, length);
                java.util.Arrays.fill(block, (byte) 0);
                return out;
            } finally {
                java.util.Arrays.fill(prk, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static Provider provider() {
        try {
            return Mac.getInstance(HMAC).getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
