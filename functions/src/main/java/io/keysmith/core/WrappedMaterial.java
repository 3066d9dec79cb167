package io.keysmith.core;

import java.time.Instant;

/**
 * A key material version as stored, wrapped by the root key named by {@code rootKeyId} in wrap
 * format {@code wrapFormat} ({@link MaterialWraps}: 1 for material wrapped before format 2 existed).
 * {@code rotationType} is null for a key's first material.
 * {@code publicKey} is the SPKI of an asymmetric key, null otherwise.
 */
public record WrappedMaterial(
        String keyId,
        String materialId,
        byte[] wrapped,
        String rootKeyId,
        int wrapFormat,
        Instant creationDate,
        RotationType rotationType,
        byte[] publicKey) {

    public WrappedMaterial rewrapped(byte[] newWrapped, String newRootKeyId, int newWrapFormat) {
        return new WrappedMaterial(
                keyId, materialId, newWrapped, newRootKeyId, newWrapFormat, creationDate, rotationType, publicKey);
    }

    /** The wrapped bytes open only with the root key, but they are key material all the same: never printed. */
    @Override
    public String toString() {
        return "WrappedMaterial[" + keyId + ", " + materialId + ", root key " + rootKeyId + ", redacted]";
    }
}
