package io.keysmith.core;

import java.time.Instant;

/** One entry of ListKeyRotations: a material version, whether it is current, and how it came. */
public record RotationEntry(
        String keyArn, String materialId, boolean current, Instant rotationDate, RotationType rotationType) {}
