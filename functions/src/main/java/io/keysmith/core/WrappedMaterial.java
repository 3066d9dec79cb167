package io.keysmith.core;

import java.time.Instant;

/**
 * A key material version as stored, wrapped by the root key named by {@code rootKeyId} in wrap
 * format {@code wrapFormat} ({@link MaterialWraps}: 1 for material wrapped before format 2 existed).
 * {@code rotationType} is null for a key's first material.
 * {@code publicKey} is the SPKI of an asymmetric key, null otherwise.
 * {@code imported} says how material of an EXTERNAL key was imported, null for material Keysmith made. Imported
 * material that was deleted (DeleteImportedKeyMaterial, or expiry) keeps its record without its secret: its
 * {@code wrapped} and {@code rootKeyId} are null, so that the same material can be imported again under its id.
 */
public record WrappedMaterial(
        String keyId,
        String materialId,
        byte[] wrapped,
        String rootKeyId,
        int wrapFormat,
        Instant creationDate,
        RotationType rotationType,
        byte[] publicKey,
        MaterialImport imported) {

    /** Material Keysmith made, which has no import. */
    public WrappedMaterial(
            String keyId,
            String materialId,
            byte[] wrapped,
            String rootKeyId,
            int wrapFormat,
            Instant creationDate,
            RotationType rotationType,
            byte[] publicKey) {
        this(keyId, materialId, wrapped, rootKeyId, wrapFormat, creationDate, rotationType, publicKey, null);
    }

    public WrappedMaterial rewrapped(byte[] newWrapped, String newRootKeyId, int newWrapFormat) {
        return new WrappedMaterial(
                keyId,
                materialId,
                newWrapped,
                newRootKeyId,
                newWrapFormat,
                creationDate,
                rotationType,
                publicKey,
                imported);
    }

    /** False for imported material that was deleted or expired: only its record is left. */
    public boolean hasSecret() {
        return wrapped != null;
    }

    /** The record of this material without its secret, as DeleteImportedKeyMaterial and expiry leave it. */
    public WrappedMaterial withoutSecret() {
        return new WrappedMaterial(
                keyId, materialId, null, null, wrapFormat, creationDate, rotationType, publicKey, imported);
    }

    public WrappedMaterial withImport(MaterialImport newImport) {
        return new WrappedMaterial(
                keyId, materialId, wrapped, rootKeyId, wrapFormat, creationDate, rotationType, publicKey, newImport);
    }

    public WrappedMaterial withRotationType(RotationType newRotationType) {
        return new WrappedMaterial(
                keyId, materialId, wrapped, rootKeyId, wrapFormat, creationDate, newRotationType, publicKey, imported);
    }

    /** Imported material that waits for RotateKeyOnDemand to become current. */
    public boolean pendingRotation() {
        return imported != null && imported.pendingRotation();
    }

    /** The wrapped bytes open only with the root key, but they are key material all the same: never printed. */
    @Override
    public String toString() {
        return "WrappedMaterial[" + keyId + ", " + materialId + ", root key " + rootKeyId + ", redacted]";
    }
}
