package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The input of an operation whose only member Keysmith reads is {@code KeyId}: DescribeKey,
 * EnableKey, DisableKey, CancelKeyDeletion, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand.
 */
record KeyIdInput(String keyId) {
    static KeyIdInput from(JsonNode input) {
        return new KeyIdInput(Json.text(input, "KeyId"));
    }
}
