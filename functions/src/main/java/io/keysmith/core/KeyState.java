package io.keysmith.core;

/**
 * The service model's {@code KeyState}. Names are the wire values; Keysmith's keys are only ever
 * Enabled, Disabled, PendingDeletion or PendingImport.
 */
public enum KeyState {
    Creating,
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
    PendingReplicaDeletion,
    Unavailable,
    Updating
}
