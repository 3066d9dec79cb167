package io.keysmith.core;

import java.time.Instant;
import java.util.List;

/**
 * A KMS key's metadata as stored. {@code version} is for optimistic locking: an update writes
 * version + 1 on the condition that the stored version is still this one.
 */
public record KeyRecord(
        String keyId,
        Instant creationDate,
        String description,
        String keySpec,
        String keyUsage,
        KeyState keyState,
        String origin,
        String currentMaterialId,
        List<Tag> tags,
        long version) {

    public KeyRecord {
        tags = List.copyOf(tags);
    }
}
