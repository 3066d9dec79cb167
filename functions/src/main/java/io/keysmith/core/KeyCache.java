package io.keysmith.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * This process's short-lived copy of keys as read from the store (metadata and current wrapped material) and of
 * their opened material, so that a warm instance serves a key it used within the last {@code ttl} without a store
 * read or an unwrap. An entry expires {@code ttl} after it was read, by the core's clock. This process's own writes
 * drop the key at once ({@link CachingKeyStore}); a change made through another instance is seen within the TTL.
 * Opened material is zeroed when it leaves the cache, and callers get a copy of their own to close.
 * It holds inputs of authorization (the key's record, hence its policy), never a decision. A TTL of zero turns it
 * off: nothing is kept.
 */
final class KeyCache {
    /** Past this many keys (or opened materials) the expired entries go, and if that is not enough, all of them. */
    static final int MAX_ENTRIES = 10_000;

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, CachedKey> keys = new ConcurrentHashMap<>();
    private final Map<MaterialRef, OpenedMaterial> opened = new ConcurrentHashMap<>();
    /** Counts this process's writes: a read that overlapped one is not kept, as it may predate the write. */
    private final AtomicLong writes = new AtomicLong();
    /** When a miss next sweeps out what has expired (at most once per TTL), so that no expired material lingers. */
    private volatile Instant nextSweep = Instant.MIN;

    KeyCache(Duration ttl, Clock clock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the key cache TTL must not be negative: " + ttl);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    static KeyCache off() {
        return new KeyCache(Duration.ZERO, Clock.systemUTC());
    }

    boolean enabled() {
        return !ttl.isZero();
    }

    /** The key as cached while fresh, or as {@code load} reads it (kept when it exists and no write overlapped). */
    Optional<KeyStore.KeyWithMaterial> key(String keyId, Function<String, Optional<KeyStore.KeyWithMaterial>> load) {
        if (!enabled()) {
            return load.apply(keyId);
        }
        Instant now = clock.instant();
        CachedKey cached = keys.get(keyId);
        if (cached != null && now.isBefore(cached.expires())) {
            return Optional.of(cached.value());
        }
        sweepIfDue(now);
        long stamp = writes.get();
        Optional<KeyStore.KeyWithMaterial> loaded = load.apply(keyId);
        if (loaded.isPresent() && writes.get() == stamp) {
            makeRoom(keys.size());
            CachedKey entry = new CachedKey(loaded.get(), now.plus(ttl));
            keys.put(keyId, entry);
            // A write may have finished, and removed nothing, between the check and the put: then drop what was put.
            if (writes.get() != stamp) {
                keys.remove(keyId, entry);
            }
        }
        return loaded;
    }

    /** The cached key's current wrapped material, when it is fresh and has this id. */
    Optional<WrappedMaterial> currentMaterial(String keyId, String materialId) {
        CachedKey cached = enabled() ? keys.get(keyId) : null;
        if (cached == null || !clock.instant().isBefore(cached.expires())) {
            return Optional.empty();
        }
        WrappedMaterial current = cached.value().currentMaterial();
        return current != null && current.materialId().equals(materialId) ? Optional.of(current) : Optional.empty();
    }

    /**
     * A copy of the opened material, from the cache while fresh, or as {@code open} makes it (then kept). The
     * caller owns, and closes, what it gets.
     */
    Optional<KeyMaterial> material(String keyId, String materialId, Supplier<Optional<KeyMaterial>> open) {
        if (!enabled()) {
            return open.get();
        }
        Instant now = clock.instant();
        MaterialRef ref = new MaterialRef(keyId, materialId);
        OpenedMaterial cached = opened.get(ref);
        if (cached != null) {
            KeyMaterial copy = now.isBefore(cached.expires()) ? cached.copy() : null;
            if (copy != null) {
                return Optional.of(copy);
            }
            evict(ref, cached);
        }
        sweepIfDue(now);
        long stamp = writes.get();
        Optional<KeyMaterial> fresh = open.get();
        if (fresh.isEmpty() || writes.get() != stamp) {
            return fresh;
        }
        // The cache keeps what was opened, and zeroes it on eviction; the caller gets a copy.
        byte[] secret = fresh.get().secret().reveal();
        KeyMaterial copy = new KeyMaterial(materialId, new SecretBytes(secret.clone()));
        makeRoom(opened.size());
        OpenedMaterial entry = new OpenedMaterial(materialId, secret, now.plus(ttl));
        OpenedMaterial previous = opened.put(ref, entry);
        if (previous != null) {
            previous.wipe();
        }
        // As for keys: a write that overlapped the put takes the material out again.
        if (writes.get() != stamp && opened.remove(ref, entry)) {
            entry.wipe();
        }
        return Optional.of(copy);
    }

    /** After this process changed the key's metadata or material: the next read goes to the store. */
    void invalidate(String keyId) {
        writes.incrementAndGet();
        keys.remove(keyId);
    }

    /** After this process deleted the key: its record and its opened material go, the material zeroed. */
    void forget(String keyId) {
        invalidate(keyId);
        opened.forEach((ref, material) -> {
            if (ref.keyId().equals(keyId)) {
                evict(ref, material);
            }
        });
    }

    /** Drops everything, zeroing the material: before a SnapStart checkpoint, so no snapshot holds any. */
    void clear() {
        writes.incrementAndGet();
        keys.clear();
        opened.forEach(this::evict);
    }

    /** Drops what has expired, zeroing material; at {@link #MAX_ENTRIES}, drops everything. */
    void evictExpired() {
        Instant now = clock.instant();
        keys.entrySet().removeIf(e -> !now.isBefore(e.getValue().expires()));
        opened.forEach((ref, material) -> {
            if (!now.isBefore(material.expires())) {
                evict(ref, material);
            }
        });
    }

    private void sweepIfDue(Instant now) {
        if (!now.isBefore(nextSweep)) {
            nextSweep = now.plus(ttl);
            evictExpired();
        }
    }

    int size() {
        return keys.size() + opened.size();
    }

    private void makeRoom(int size) {
        if (size < MAX_ENTRIES) {
            return;
        }
        evictExpired();
        if (keys.size() >= MAX_ENTRIES || opened.size() >= MAX_ENTRIES) {
            clear();
        }
    }

    private void evict(MaterialRef ref, OpenedMaterial material) {
        opened.remove(ref, material);
        material.wipe();
    }

    private record CachedKey(KeyStore.KeyWithMaterial value, Instant expires) {}

    private record MaterialRef(String keyId, String materialId) {}

    /** Opened material kept for the TTL; copied out under its lock, so that no copy is taken while it is zeroed. */
    private static final class OpenedMaterial {
        private final String materialId;
        private final byte[] secret;
        private final Instant expires;
        private boolean wiped;

        OpenedMaterial(String materialId, byte[] secret, Instant expires) {
            this.materialId = materialId;
            this.secret = secret;
            this.expires = expires;
        }

        Instant expires() {
            return expires;
        }

        /** A copy for one caller, or null once wiped. */
        synchronized KeyMaterial copy() {
            return wiped ? null : new KeyMaterial(materialId, new SecretBytes(secret.clone()));
        }

        synchronized void wipe() {
            wiped = true;
            Arrays.fill(secret, (byte) 0);
        }

        @Override
        public String toString() {
            return "OpenedMaterial[" + materialId + ", redacted]";
        }
    }
}
