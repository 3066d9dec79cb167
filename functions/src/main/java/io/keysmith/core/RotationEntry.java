package io.keysmith.core;

import java.time.Instant;

/**
 * One entry of ListKeyRotations: a material version, whether it is current, and how it came. For imported material,
 * {@code imported} is how it was imported and {@code importedNow} whether its secret is there (not deleted or
 * expired); {@code imported} is null for material Keysmith made.
 */
public record RotationEntry(
        String keyArn,
        String materialId,
        boolean current,
        Instant rotationDate,
        RotationType rotationType,
        MaterialImport imported,
        boolean importedNow) {

    public RotationEntry(
            String keyArn, String materialId, boolean current, Instant rotationDate, RotationType rotationType) {
        this(keyArn, materialId, current, rotationDate, rotationType, null, true);
    }
}
