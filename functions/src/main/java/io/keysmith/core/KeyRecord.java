package io.keysmith.core;

import java.time.Instant;
import java.util.List;

/**
 * A KMS key's metadata as stored. {@code version} is for optimistic locking: the store writes a
 * changed record as version + 1, on the condition that the stored version is still this one.
 * {@code currentMaterialId} is null only while a key is pending import.
 */
public record KeyRecord(
        String keyId,
        Instant creationDate,
        String description,
        KeySpec keySpec,
        KeyUsage keyUsage,
        KeyState keyState,
        Origin origin,
        String currentMaterialId,
        List<Tag> tags,
        Instant deletionDate,
        Integer pendingWindowInDays,
        Rotation rotation,
        long version) {

    public KeyRecord {
        tags = List.copyOf(tags);
    }

    /**
     * When upkeep must next look at this key, or null when nothing is scheduled: the end of its
     * deletion window, or its next automatic rotation while it is enabled. The store indexes it, so
     * that the sweep reads only what is due; it must agree with {@code KeyUpkeep.settle}.
     */
    public Instant upkeepDueAt() {
        if (keyState == KeyState.PendingDeletion) {
            return deletionDate;
        }
        if (keyState == KeyState.Enabled && rotation.enabled()) {
            return rotation.nextRotationDate();
        }
        return null;
    }

    public boolean isSymmetric() {
        return keySpec == KeySpec.SYMMETRIC_DEFAULT;
    }

    /** The same record as the store writes it after an update: version + 1. */
    public KeyRecord nextVersion() {
        return new KeyRecord(keyId, creationDate, description, keySpec, keyUsage, keyState, origin, currentMaterialId,
                tags, deletionDate, pendingWindowInDays, rotation, version + 1);
    }

    public KeyRecord withState(KeyState state) {
        return new KeyRecord(keyId, creationDate, description, keySpec, keyUsage, state, origin, currentMaterialId,
                tags, null, null, rotation, version);
    }

    public KeyRecord withPendingDeletion(Instant date, int windowInDays) {
        return new KeyRecord(keyId, creationDate, description, keySpec, keyUsage, KeyState.PendingDeletion, origin,
                currentMaterialId, tags, date, windowInDays, rotation, version);
    }

    public KeyRecord withDescription(String newDescription) {
        return new KeyRecord(keyId, creationDate, newDescription, keySpec, keyUsage, keyState, origin,
                currentMaterialId, tags, deletionDate, pendingWindowInDays, rotation, version);
    }

    public KeyRecord withTags(List<Tag> newTags) {
        return new KeyRecord(keyId, creationDate, description, keySpec, keyUsage, keyState, origin,
                currentMaterialId, newTags, deletionDate, pendingWindowInDays, rotation, version);
    }

    public KeyRecord withRotation(Rotation newRotation) {
        return new KeyRecord(keyId, creationDate, description, keySpec, keyUsage, keyState, origin,
                currentMaterialId, tags, deletionDate, pendingWindowInDays, newRotation, version);
    }

    public KeyRecord withCurrentMaterial(String materialId, Rotation newRotation) {
        return new KeyRecord(keyId, creationDate, description, keySpec, keyUsage, keyState, origin, materialId,
                tags, deletionDate, pendingWindowInDays, newRotation, version);
    }
}
