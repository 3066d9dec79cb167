package io.keysmith.core;

import java.time.Instant;

/**
 * An ImportKeyMaterial request as parsed; {@code expirationModel}, {@code validTo}, {@code importType},
 * {@code description} and {@code keyMaterialId} are null when not given.
 */
public record ImportRequest(
        String keyId,
        byte[] importToken,
        byte[] encryptedKeyMaterial,
        ExpirationModel expirationModel,
        Instant validTo,
        ImportType importType,
        String description,
        String keyMaterialId) {

    /** The encrypted material is secret once unwrapped, and the token holds a sealed private key: never printed. */
    @Override
    public String toString() {
        return "ImportRequest[" + keyId + ", redacted]";
    }
}
