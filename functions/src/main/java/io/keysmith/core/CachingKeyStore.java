package io.keysmith.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link KeyStore} the core uses when the {@link KeyCache} is on: reads of a key go through the cache (a miss
 * reads the key and its current material together), and every write through it drops the key from the cache,
 * whether the write succeeded or not, so that this process sees its own writes at once. A stale write (another
 * instance changed the key) drops it too, so that the retry reads the store.
 */
final class CachingKeyStore implements KeyStore {
    private final KeyStore store;
    private final KeyCache cache;

    CachingKeyStore(KeyStore store, KeyCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public void create(KeyRecord key, WrappedMaterial material) {
        try {
            store.create(key, material);
        } finally {
            cache.invalidate(key.keyId());
        }
    }

    @Override
    public Optional<KeyRecord> find(String keyId) {
        return findWithCurrentMaterial(keyId).map(KeyWithMaterial::key);
    }

    @Override
    public Optional<KeyWithMaterial> findWithCurrentMaterial(String keyId) {
        return cache.key(keyId, store::findWithCurrentMaterial);
    }

    @Override
    public void update(KeyRecord key) {
        try {
            store.update(key);
        } finally {
            cache.invalidate(key.keyId());
        }
    }

    @Override
    public void addMaterial(KeyRecord key, WrappedMaterial material) {
        try {
            store.addMaterial(key, material);
        } finally {
            cache.invalidate(key.keyId());
        }
    }

    @Override
    public void changeMaterials(KeyRecord key, List<WrappedMaterial> put, List<String> deletedMaterialIds) {
        try {
            store.changeMaterials(key, put, deletedMaterialIds);
        } finally {
            // Deleted or expired imported material must not stay open here either.
            cache.forget(key.keyId());
        }
    }

    @Override
    public boolean rewrap(WrappedMaterial replacement, WrappedMaterial expected) {
        try {
            return store.rewrap(replacement, expected);
        } finally {
            cache.invalidate(replacement.keyId());
        }
    }

    @Override
    public Optional<WrappedMaterial> findMaterial(String keyId, String materialId) {
        Optional<WrappedMaterial> cached = cache.currentMaterial(keyId, materialId);
        return cached.isPresent() ? cached : store.findMaterial(keyId, materialId);
    }

    @Override
    public List<WrappedMaterial> materials(String keyId) {
        return store.materials(keyId);
    }

    @Override
    public Page<KeyRecord> list(int limit, String afterKeyId) {
        return store.list(limit, afterKeyId);
    }

    @Override
    public Page<String> dueKeyIds(Instant now, int limit, String after) {
        return store.dueKeyIds(now, limit, after);
    }

    @Override
    public void delete(String keyId) {
        try {
            store.delete(keyId);
        } finally {
            cache.forget(keyId);
        }
    }
}
