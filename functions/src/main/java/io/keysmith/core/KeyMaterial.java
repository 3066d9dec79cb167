package io.keysmith.core;

import java.util.HexFormat;

/** One version of a KMS key's material, unwrapped: 32 secret bytes and their 64-hex-character id. */
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
