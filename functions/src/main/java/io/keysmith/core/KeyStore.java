package io.keysmith.core;

import java.util.Optional;

/** Storage port for keys and their material. */
public interface KeyStore {
    /** Writes the key and its first material together, or neither. */
    void create(KeyRecord key, WrappedMaterial material);

    Optional<KeyRecord> find(String keyId);

    Optional<WrappedMaterial> findMaterial(String keyId, String materialId);

    /** Keys in key-id order, after {@code afterKeyId} when it is not null. */
    Page<KeyRecord> list(int limit, String afterKeyId);
}
