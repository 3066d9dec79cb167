package io.keysmith.core;

/** The service model's {@code RotationType}: how a material version came. Names are the wire values. */
public enum RotationType {
    AUTOMATIC,
    ON_DEMAND
}
