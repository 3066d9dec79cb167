package io.keysmith.core;

/**
 * The deployment's root key, used only as a pseudo-random function (PRF): every key that protects
 * something (one wrapping key per material, the marker key) is derived from it for one purpose and
 * one context, and the AES-GCM that uses a derived key runs in the JVM ({@link MaterialWraps}).
 * Deterministic operations only: an HSM that picks its own IV or nonce changes nothing here.
 */
public interface RootKey {
    /** Identifies this root key; recorded beside every material it wraps. */
    String id();

    /**
     * 32 bytes that only the holder of the root key can compute, the same every time for the same
     * {@code label} and {@code context}: HKDF-SHA256 output for the info {@link #info(byte[], byte[])}.
     * The caller closes the result.
     */
    SecretBytes derive(byte[] label, byte[] context);

    /**
     * Opens material of wrap format 1, which was AES-256-GCM under the root key itself (inside the
     * HSM, or with the DynamoDB root key's bytes). Kept only so that material wrapped before format 2
     * still opens until a migration rewraps it.
     *
     * @throws AesGcm.NotAuthenticException when the wrapped bytes or the AAD were altered
     */
    default SecretBytes unwrapFormat1(byte[] wrapped, byte[] aad) {
        throw new IllegalStateException("root key " + id() + " has no key that opens wrap format 1");
    }

    /** The HKDF info of a derivation: the label's length (2 bytes, big-endian), the label, then the context. */
    static byte[] info(byte[] label, byte[] context) {
        if (label.length > 0xFFFF) {
            throw new IllegalArgumentException("label too long");
        }
        byte[] info = new byte[2 + label.length + context.length];
        info[0] = (byte) (label.length >>> 8);
        info[1] = (byte) label.length;
        System.arraycopy(label, 0, info, 2, label.length);
        System.arraycopy(context, 0, info, 2 + label.length, context.length);
        return info;
    }
}
