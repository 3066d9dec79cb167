package io.keysmith.core;

/** The KMS key states Keysmith uses; names are the wire values. */
public enum KeyState {
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport
}
