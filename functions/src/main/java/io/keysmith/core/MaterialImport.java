package io.keysmith.core;

import java.time.Instant;

/**
 * How a material version of an EXTERNAL key was imported: whether and when it expires, its description, and whether
 * it waits for RotateKeyOnDemand (imported as NEW_KEY_MATERIAL into a key that already had material).
 */
public record MaterialImport(
        ExpirationModel expirationModel, Instant validTo, String description, boolean pendingRotation) {

    public MaterialImport withPendingRotation(boolean pending) {
        return new MaterialImport(expirationModel, validTo, description, pending);
    }
}
