package io.keysmith.core;

/**
 * The service model's {@code OriginType}: where a key's material comes from. Names are the wire
 * values; which of them Keysmith creates keys with is decided by {@link KeyService#createKey}.
 */
public enum Origin {
    AWS_KMS,
    EXTERNAL,
    AWS_CLOUDHSM,
    EXTERNAL_KEY_STORE
}
