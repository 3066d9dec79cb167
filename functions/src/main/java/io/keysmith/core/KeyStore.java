package io.keysmith.core;

import java.util.List;
import java.util.Optional;

/** Storage port for keys and their material versions. */
public interface KeyStore {
    /** Writes the key and its first material together, or neither; {@code material} is null for a key pending import. */
    void create(KeyRecord key, WrappedMaterial material);

    Optional<KeyRecord> find(String keyId);

    /**
     * The key and its current material together; a store that can read both in one request does (a cold cache's
     * miss then costs one read, not two). The material is null while the key is pending import.
     */
    default Optional<KeyWithMaterial> findWithCurrentMaterial(String keyId) {
        return find(keyId)
                .map(key -> new KeyWithMaterial(
                        key,
                        key.currentMaterialId() == null
                                ? null
                                : findMaterial(keyId, key.currentMaterialId()).orElse(null)));
    }

    /**
     * Replaces the key's metadata if its stored version is still {@code key.version()}, writing version + 1.
     *
     * @throws StaleKeyException when another writer changed the key first
     */
    void update(KeyRecord key);

    /** {@link #update} and a new material version, in one transaction. */
    void addMaterial(KeyRecord key, WrappedMaterial material);

    /**
     * {@link #update} of the key, each of {@code put} written over any stored material of its id, and each of
     * {@code deletedMaterialIds} removed, in one transaction: the imports, deletions and expiries of imported material.
     *
     * @throws StaleKeyException when another writer changed the key first; nothing is written then
     */
    void changeMaterials(KeyRecord key, List<WrappedMaterial> put, List<String> deletedMaterialIds);

    /**
     * Replaces a material's wrap (bytes, root key id, wrap format) with {@code replacement}'s, only if the
     * store still holds exactly {@code expected}'s wrapped bytes under its root key id.
     *
     * @return false when another writer changed the material first
     */
    boolean rewrap(WrappedMaterial replacement, WrappedMaterial expected);

    Optional<WrappedMaterial> findMaterial(String keyId, String materialId);

    /** Every material version of a key, oldest first. */
    List<WrappedMaterial> materials(String keyId);

    /** Keys in key-id order, after {@code afterKeyId} when it is not null. */
    Page<KeyRecord> list(int limit, String afterKeyId);

    /**
     * Ids of the keys whose {@link KeyRecord#upkeepDueAt()} is at or before {@code now}, in due order, after
     * the store's position {@code after} when it is not null; the page's next marker is such a position.
     * The store reads only due keys, so a sweep costs what is due, not the table's size. It may lag
     * behind the keys' records: the caller reads each key again before acting on it.
     */
    Page<String> dueKeyIds(java.time.Instant now, int limit, String after);

    /**
     * Deletes the key's metadata and materials, at once where the store can, so that no crash leaves a key
     * without its current material; an interrupted delete can be run again.
     */
    void delete(String keyId);

    /** A key's metadata and its current material as stored; {@code currentMaterial} is null when it has none. */
    record KeyWithMaterial(KeyRecord key, WrappedMaterial currentMaterial) {}

    /** Another writer changed the key between this writer's read and its write. */
    final class StaleKeyException extends RuntimeException {
        public StaleKeyException(String keyId) {
            super("key " + keyId + " changed concurrently", null, false, false);
        }
    }
}
