package io.keysmith.core;

import java.time.Instant;
import java.util.List;

/**
 * A KMS key's metadata as stored. {@code version} is for optimistic locking: the store writes a
 * changed record as version + 1, on the condition that the stored version is still this one.
 * {@code currentMaterialId} is null only while a key is pending import. {@code policy} is the key policy document
 * exactly as given; null for a key stored before key policies, which has the default key policy.
 * {@code expirationModel} and {@code validTo} are those of an EXTERNAL key's imported material (null otherwise):
 * {@code validTo} is the earliest expiry of its imported material.
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
        String policy,
        ExpirationModel expirationModel,
        Instant validTo,
        long version) {

    public KeyRecord {
        tags = List.copyOf(tags);
    }

    /**
     * When upkeep must next look at this key, or null when nothing is scheduled: the end of its
     * deletion window, its next automatic rotation while it is enabled, or the expiry of its imported
     * material, whichever comes first. The store indexes it, so
     * that the sweep reads only what is due; it must agree with {@code KeyUpkeep.settle}.
     */
    public Instant upkeepDueAt() {
        if (keyState == KeyState.PendingDeletion) {
            return deletionDate;
        }
        Instant rotationDue = keyState == KeyState.Enabled && rotation.enabled() ? rotation.nextRotationDate() : null;
        Instant expiry = keyState == KeyState.Enabled || keyState == KeyState.Disabled ? validTo : null;
        if (rotationDue == null || (expiry != null && expiry.isBefore(rotationDue))) {
            return expiry;
        }
        return rotationDue;
    }

    public boolean isSymmetric() {
        return keySpec == KeySpec.SYMMETRIC_DEFAULT;
    }

    /** The same record as the store writes it after an update: version + 1. */
    public KeyRecord nextVersion() {
        return toBuilder().version(version + 1).build();
    }

    public KeyRecord withState(KeyState state) {
        return toBuilder().keyState(state).build();
    }

    public KeyRecord withPendingDeletion(Instant date, int windowInDays) {
        return toBuilder()
                .keyState(KeyState.PendingDeletion)
                .deletionDate(date)
                .pendingWindowInDays(windowInDays)
                .build();
    }

    /** Out of its deletion window, in {@code state}. */
    public KeyRecord withDeletionCancelled(KeyState state) {
        return toBuilder()
                .keyState(state)
                .deletionDate(null)
                .pendingWindowInDays(null)
                .build();
    }

    public KeyRecord withDescription(String newDescription) {
        return toBuilder().description(newDescription).build();
    }

    public KeyRecord withTags(List<Tag> newTags) {
        return toBuilder().tags(newTags).build();
    }

    public KeyRecord withRotation(Rotation newRotation) {
        return toBuilder().rotation(newRotation).build();
    }

    public KeyRecord withPolicy(String newPolicy) {
        return toBuilder().policy(newPolicy).build();
    }

    public KeyRecord withCurrentMaterial(String materialId, Rotation newRotation) {
        return toBuilder().currentMaterialId(materialId).rotation(newRotation).build();
    }

    /** The key's state, expiration model and expiry after its imported material changed. */
    public KeyRecord withImport(KeyState state, ExpirationModel model, Instant expiry) {
        return toBuilder()
                .keyState(state)
                .expirationModel(model)
                .validTo(expiry)
                .build();
    }

    /** A record of a new key: no tags, rotation off and version 1 unless set. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .keyId(keyId)
                .creationDate(creationDate)
                .description(description)
                .keySpec(keySpec)
                .keyUsage(keyUsage)
                .keyState(keyState)
                .origin(origin)
                .currentMaterialId(currentMaterialId)
                .tags(tags)
                .deletionDate(deletionDate)
                .pendingWindowInDays(pendingWindowInDays)
                .rotation(rotation)
                .policy(policy)
                .expirationModel(expirationModel)
                .validTo(validTo)
                .version(version);
    }

    /** Builds a {@link KeyRecord} member by member. */
    public static final class Builder {
        private String keyId;
        private Instant creationDate;
        private String description;
        private KeySpec keySpec;
        private KeyUsage keyUsage;
        private KeyState keyState;
        private Origin origin;
        private String currentMaterialId;
        private List<Tag> tags = List.of();
        private Instant deletionDate;
        private Integer pendingWindowInDays;
        private Rotation rotation = Rotation.OFF;
        private String policy;
        private ExpirationModel expirationModel;
        private Instant validTo;
        private long version = 1;

        private Builder() {}

        public Builder keyId(String value) {
            keyId = value;
            return this;
        }

        public Builder creationDate(Instant value) {
            creationDate = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder keySpec(KeySpec value) {
            keySpec = value;
            return this;
        }

        public Builder keyUsage(KeyUsage value) {
            keyUsage = value;
            return this;
        }

        public Builder keyState(KeyState value) {
            keyState = value;
            return this;
        }

        public Builder origin(Origin value) {
            origin = value;
            return this;
        }

        public Builder currentMaterialId(String value) {
            currentMaterialId = value;
            return this;
        }

        public Builder tags(List<Tag> value) {
            tags = value;
            return this;
        }

        public Builder deletionDate(Instant value) {
            deletionDate = value;
            return this;
        }

        public Builder pendingWindowInDays(Integer value) {
            pendingWindowInDays = value;
            return this;
        }

        public Builder rotation(Rotation value) {
            rotation = value;
            return this;
        }

        public Builder policy(String value) {
            policy = value;
            return this;
        }

        public Builder expirationModel(ExpirationModel value) {
            expirationModel = value;
            return this;
        }

        public Builder validTo(Instant value) {
            validTo = value;
            return this;
        }

        public Builder version(long value) {
            version = value;
            return this;
        }

        public KeyRecord build() {
            return new KeyRecord(
                    keyId,
                    creationDate,
                    description,
                    keySpec,
                    keyUsage,
                    keyState,
                    origin,
                    currentMaterialId,
                    tags,
                    deletionDate,
                    pendingWindowInDays,
                    rotation,
                    policy,
                    expirationModel,
                    validTo,
                    version);
        }
    }
}
