package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.errors.DisabledException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-process key cache: entries live for the TTL by the core's clock, this process's writes are seen at once,
 * another instance's within the TTL, opened material is zeroed when it leaves, a TTL of zero keeps nothing, and
 * concurrent readers never get zeroed material.
 */
@ExtendWith(AsAccountRoot.class)
class KeyCacheTest {
    private static final Duration TTL = Duration.ofSeconds(5);
    private final MutableClock clock = new MutableClock();
    private final Randomness randomness = new Randomness();
    private final RootKey rootKey = InMemoryPorts.rootKey();
    /** One store, as one DynamoDB table is shared by every instance of a deployment. */
    private final CountingKeyStore store = new CountingKeyStore(new InMemoryPorts.Keys());

    private final InMemoryPorts.Aliases aliases = new InMemoryPorts.Aliases(store);
    private final Keysmith instance = instance(TTL);
    private final Keysmith otherInstance = instance(TTL);

    private Keysmith instance(Duration ttl) {
        return new Keysmith(
                store,
                aliases,
                GrantStore.NONE,
                rootKey,
                List.of(),
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                clock,
                io.keysmith.policy.DefaultPolicies.servicePolicy("111122223333"),
                ttl,
                KeyPairSource.NONE);
    }

    private static DataKeyPair pair(Keysmith keysmith, String keyId) {
        return keysmith.crypto()
                .generateDataKeyPair(
                        "GenerateDataKeyPair",
                        new DataKeyPairRequest(keyId, DataKeyPairSpec.ECC_NIST_P256, Map.of(), false),
                        null);
    }

    private String newKey() {
        return instance.keys()
                .createKey(new NewKey(null, null, null, null, List.of()))
                .keyId();
    }

    @Test
    void aWarmKeyIsServedWithoutAStoreReadUntilItsTtlHasPassed() {
        String keyId = newKey();
        pair(instance, keyId);

        store.reads.set(0);
        pair(instance, keyId);
        clock.advance(TTL.minusMillis(1));
        pair(instance, keyId);
        assertEquals(0, store.reads.get(), "reads while fresh");

        clock.advance(Duration.ofMillis(1));
        pair(instance, keyId);
        assertEquals(1, store.reads.get(), "one read of the key and its material together once expired");
    }

    @Test
    void aDeletionIsDecidedOnTheStoresRecordNotOnAStaleCachedOne() {
        // Given: a key pending deletion, cached by this instance a moment before its deletion date
        String keyId = newKey();
        instance.keys().scheduleKeyDeletion(keyId, 7);
        clock.advance(Duration.ofDays(7).minusSeconds(2));
        instance.keys().describeKey(keyId);
        // ...and its deletion cancelled through another instance
        otherInstance.keys().cancelKeyDeletion(keyId);

        // When: this instance reads it again after the deletion date, within the TTL of its cached record
        clock.advance(Duration.ofSeconds(3));
        KeyRecord seen = instance.keys().describeKey(keyId);

        // Then: the key is still there, as the store says
        assertEquals(KeyState.Disabled, seen.keyState());
        assertTrue(store.find(keyId).isPresent());
    }

    @Test
    void aDisableThroughAnotherInstanceIsSeenWithinTheTtlAndThroughTheSameInstanceAtOnce() {
        String keyId = newKey();
        pair(instance, keyId);

        otherInstance.keys().disableKey(keyId);
        assertThrows(DisabledException.class, () -> pair(otherInstance, keyId), "its own write, at once");
        clock.advance(TTL);
        assertThrows(DisabledException.class, () -> pair(instance, keyId), "another's write, within the TTL");

        instance.keys().enableKey(keyId);
        pair(instance, keyId);
        instance.keys().disableKey(keyId);
        assertThrows(DisabledException.class, () -> pair(instance, keyId));
    }

    @Test
    void policyRotationTagAndDeleteWritesAreSeenAtOnce() {
        String keyId = newKey();
        instance.keys().describeKey(keyId);

        instance.keys().tagResource(keyId, List.of(new Tag("team", "a")));
        assertEquals(
                List.of(new Tag("team", "a")),
                instance.keys().describeKey(keyId).tags());

        String before = instance.keys().describeKey(keyId).currentMaterialId();
        instance.rotations().rotateKeyOnDemand(keyId);
        String after = instance.keys().describeKey(keyId).currentMaterialId();
        assertTrue(!after.equals(before), "rotation moved the current material");
        Encrypted sealed = instance.crypto()
                .encrypt(new EncryptRequest(keyId, new SecretBytes(new byte[] {1, 2, 3}), Map.of(), null, false));
        assertEquals(after, sealed.materialId());

        String policy = instance.keys().getKeyPolicy(keyId, "default") + "\n";
        instance.keys().putKeyPolicy(keyId, "default", policy, false);
        assertEquals(policy, instance.keys().getKeyPolicy(keyId, "default"));
    }

    @Test
    void aStaleCachedKeyIsReadAgainWhenItsUpdateIsRefused() {
        String keyId = newKey();
        instance.keys().describeKey(keyId);
        otherInstance.keys().tagResource(keyId, List.of(new Tag("by", "other")));

        instance.keys().updateKeyDescription(keyId, "mine"); // its cached version is stale: refused, read, retried

        KeyRecord stored = store.find(keyId).orElseThrow();
        assertEquals("mine", stored.description());
        assertEquals(List.of(new Tag("by", "other")), stored.tags());
    }

    @Test
    void aZeroTtlKeepsNothing() {
        Keysmith uncached = instance(Duration.ZERO);
        String keyId = newKey();
        pair(uncached, keyId);

        store.reads.set(0);
        pair(uncached, keyId);
        pair(uncached, keyId);
        assertEquals(4, store.reads.get(), "the key and its material, read twice each");
    }

    @Test
    void openedMaterialIsZeroedWhenItExpiresIsForgottenOrCleared() {
        KeyCache cache = new KeyCache(TTL, clock);
        byte[] first = {1, 2, 3, 4};
        byte[] second = {5, 6, 7, 8};
        byte[] third = {9, 10, 11, 12};

        KeyMaterial copy = cache.material("k", "m1", () -> opened("m1", first)).orElseThrow();
        assertArrayEquals(new byte[] {1, 2, 3, 4}, copy.secret().reveal());
        assertNotSame(first, copy.secret().reveal(), "the caller gets a copy to close");
        copy.close();
        assertArrayEquals(
                new byte[] {1, 2, 3, 4},
                cache.material("k", "m1", this::unexpected)
                        .orElseThrow()
                        .secret()
                        .reveal(),
                "closing a copy leaves the cache's own");

        clock.advance(TTL);
        cache.material("k", "m1", () -> opened("m1", second));
        assertArrayEquals(new byte[4], first, "expired and replaced: zeroed");

        cache.material("k", "m2", () -> opened("m2", third));
        cache.forget("k");
        assertArrayEquals(new byte[4], second, "the key deleted: zeroed");
        assertArrayEquals(new byte[4], third);

        byte[] fourth = {13, 14};
        cache.material("j", "m", () -> opened("m", fourth));
        cache.clear();
        assertArrayEquals(new byte[2], fourth, "cleared (before a snapshot): zeroed");

        byte[] fifth = {15, 16};
        cache.material("j", "m", () -> opened("m", fifth));
        clock.advance(TTL);
        cache.evictExpired();
        assertArrayEquals(new byte[2], fifth, "expired and swept: zeroed");
        assertEquals(0, cache.size());
    }

    @Test
    void aMissSweepsOutWhatHasExpiredForOtherKeysZeroingItsMaterial() {
        KeyCache cache = new KeyCache(TTL, clock);
        byte[] idle = {1, 2, 3};
        cache.material("idle", "m", () -> opened("m", idle));
        clock.advance(TTL);

        cache.material("busy", "m", () -> opened("m", new byte[] {4, 5, 6}));

        assertArrayEquals(new byte[3], idle, "the idle key's material, expired, zeroed by another key's miss");
        assertEquals(1, cache.size());
    }

    @Test
    void aReadThatOverlapsThisProcesssWriteIsNotKept() {
        KeyCache cache = new KeyCache(TTL, clock);
        AtomicInteger loads = new AtomicInteger();
        KeyRecord record = KeyStoreContract.key("k", "m");
        cache.key("k", id -> {
            loads.incrementAndGet();
            cache.invalidate("k"); // a write lands while the read is under way
            return Optional.of(new KeyStore.KeyWithMaterial(record, null));
        });
        cache.key("k", id -> {
            loads.incrementAndGet();
            return Optional.of(new KeyStore.KeyWithMaterial(record, null));
        });
        cache.key("k", id -> {
            throw new AssertionError("kept by now");
        });
        assertEquals(2, loads.get());
    }

    @Test
    void concurrentReadersNeverGetZeroedMaterialWhileEntriesAreEvicted() throws Exception {
        KeyCache cache = new KeyCache(TTL, clock);
        byte[] expected = randomness.bytes(32);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(threads.submit(() -> {
                    start.await();
                    int reads = 0;
                    for (; reads < 20_000; reads++) {
                        try (KeyMaterial m = cache.material("k", "m", () -> opened("m", expected.clone()))
                                .orElseThrow()) {
                            assertArrayEquals(expected, m.secret().reveal());
                        }
                    }
                    return reads;
                }));
            }
            Future<Integer> evictor = threads.submit(() -> {
                start.await();
                int clears = 0;
                while (running.get()) {
                    cache.clear();
                    cache.forget("k");
                    clears++;
                }
                return clears;
            });
            start.countDown();
            for (Future<Integer> reader : readers) {
                assertEquals(20_000, reader.get(60, TimeUnit.SECONDS));
            }
            running.set(false);
            assertTrue(evictor.get(60, TimeUnit.SECONDS) > 0);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentRequestsOnOneKeyAllSucceedAndWritesStaySeen() throws Exception {
        String keyId = newKey();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int n = t;
                work.add(threads.submit(() -> {
                    CallScope.open(TestCallers.ROOT, List.of());
                    try {
                        for (int i = 0; i < 50; i++) {
                            if (n == 0) {
                                instance.keys().updateKeyDescription(keyId, "d" + i);
                            } else {
                                assertTrue(pair(instance, keyId).keyArn().endsWith(":key/" + keyId));
                            }
                        }
                    } finally {
                        CallScope.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals("d49", instance.keys().describeKey(keyId).description());
    }

    private Optional<KeyMaterial> unexpected() {
        throw new AssertionError("the cached material should have served");
    }

    private static Optional<KeyMaterial> opened(String materialId, byte[] secret) {
        return Optional.of(new KeyMaterial(materialId, new SecretBytes(secret)));
    }

    /** The shared store, counting the reads of a key or its material that reach it. */
    static final class CountingKeyStore implements KeyStore {
        final AtomicInteger reads = new AtomicInteger();
        private final KeyStore store;

        CountingKeyStore(KeyStore store) {
            this.store = store;
        }

        @Override
        public void create(KeyRecord key, WrappedMaterial material) {
            store.create(key, material);
        }

        @Override
        public Optional<KeyRecord> find(String keyId) {
            reads.incrementAndGet();
            return store.find(keyId);
        }

        @Override
        public void update(KeyRecord key) {
            store.update(key);
        }

        @Override
        public void addMaterial(KeyRecord key, WrappedMaterial material) {
            store.addMaterial(key, material);
        }

        @Override
        public void changeMaterials(KeyRecord key, List<WrappedMaterial> put, List<String> deletedMaterialIds) {
            store.changeMaterials(key, put, deletedMaterialIds);
        }

        @Override
        public boolean rewrap(WrappedMaterial replacement, WrappedMaterial expected) {
            return store.rewrap(replacement, expected);
        }

        @Override
        public Optional<WrappedMaterial> findMaterial(String keyId, String materialId) {
            reads.incrementAndGet();
            return store.findMaterial(keyId, materialId);
        }

        /** As a store that reads both in one request would: one read. */
        @Override
        public Optional<KeyWithMaterial> findWithCurrentMaterial(String keyId) {
            reads.incrementAndGet();
            return store.findWithCurrentMaterial(keyId);
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
            store.delete(keyId);
        }
    }
}
