package io.keysmith.core;

import java.time.Instant;

/** A key material version as stored: wrapped by the root key named by {@code rootKeyId}. */
public record WrappedMaterial(String keyId, String materialId, byte[] wrapped, String rootKeyId, Instant creationDate) {
}
