package io.keysmith.core;

import java.time.Instant;

/** A key's rotation settings: automatic rotation on or off, its period, when it is next due, and the on-demand count. */
public record Rotation(boolean enabled, int periodInDays, Instant nextRotationDate, int onDemandCount) {
    public static final int DEFAULT_PERIOD_DAYS = 365;
    public static final Rotation OFF = new Rotation(false, DEFAULT_PERIOD_DAYS, null, 0);

    boolean dueAt(Instant now) {
        return enabled && nextRotationDate != null && !now.isBefore(nextRotationDate);
    }
}
