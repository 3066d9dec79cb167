package io.keysmith.core;

import java.util.HexFormat;

/**
 * One version of a KMS key's material, unwrapped, and its 64-hex-character id. The secret is what
 * {@link KeySpecs} made for the key's spec: 32 bytes for a symmetric key, the HMAC key, or a PKCS#8
 * private key.
 */
public record KeyMaterial(String materialId, SecretBytes secret) implements AutoCloseable {
    @Override
    public void close() {
        secret.close();
    }

    public byte[] materialIdBytes() {
        return HexFormat.of().parseHex(materialId);
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + materialId + ", redacted]";
    }
}
