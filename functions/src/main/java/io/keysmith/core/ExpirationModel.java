package io.keysmith.core;

/** The service model's {@code ExpirationModelType}: whether imported key material expires. */
public enum ExpirationModel {
    KEY_MATERIAL_EXPIRES,
    KEY_MATERIAL_DOES_NOT_EXPIRE
}
