package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link GrantStore}, which every implementation must keep: a subclass gives empty stores and
 * inherits the tests. A grant belongs to one existing key; a repeated named request finds the first grant; the
 * per-key limit holds and frees up on delete; pages cover every grant exactly once.
 */
public abstract class GrantStoreContract {
    private static final Instant CREATED =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
    private static final String APP = "arn:aws:iam::111122223333:role/App";
    private static final String OPS = "arn:aws:iam::111122223333:user/ops";
    private KeyStore keys;
    private GrantStore grants;

    /** A key store and a grant store over new, empty storage. */
    protected abstract GrantStorePorts emptyStores();

    @BeforeEach
    public void openStores() {
        GrantStorePorts stores = emptyStores();
        keys = stores.keys();
        grants = stores.grants();
    }

    private String existingKey() {
        String keyId = UUID.randomUUID().toString();
        keys.create(KeyStoreContract.key(keyId, null), null);
        return keyId;
    }

    private static String newGrantId() {
        byte[] id = new byte[32];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static GrantRecord grant(String keyId, String name, String grantee, String retiring) {
        return new GrantRecord(
                keyId,
                newGrantId(),
                name,
                grantee,
                retiring,
                List.of("Decrypt", "Encrypt"),
                null,
                "111122223333",
                CREATED);
    }

    private GrantRecord created(GrantRecord grant) {
        GrantStore.Creation creation = grants.create(grant, 50_000);
        assertEquals(GrantStore.Outcome.CREATED, creation.outcome());
        return creation.grant();
    }

    @Test
    public void aCreatedGrantReadsBackAsWritten() {
        String keyId = existingKey();
        GrantRecord full = new GrantRecord(
                keyId,
                newGrantId(),
                "nightly-batch",
                APP,
                OPS,
                List.of("GenerateDataKey", "Decrypt", "RetireGrant"),
                new GrantConstraints(Map.of("Department", "IT"), Map.of("Project", "Alpha", "Stage", "")),
                "111122223333",
                CREATED);
        GrantRecord bare = grant(keyId, null, APP, null);
        created(full);
        created(bare);
        assertEquals(Optional.of(full), grants.find(keyId, full.grantId()));
        assertEquals(Optional.of(bare), grants.find(keyId, bare.grantId()));
        assertEquals(Optional.empty(), grants.find(keyId, newGrantId()));
        assertEquals(Optional.empty(), grants.find(existingKey(), full.grantId()));
    }

    @Test
    public void aGrantOfAMissingKeyIsNotCreated() {
        String missing = UUID.randomUUID().toString();
        GrantRecord orphan = grant(missing, "orphan", APP, OPS);
        assertEquals(
                GrantStore.Outcome.KEY_MISSING, grants.create(orphan, 50_000).outcome());
        assertEquals(Optional.empty(), grants.find(missing, orphan.grantId()));
        assertEquals(List.of(), grants.listRetirable(OPS, 10, null).items());
    }

    @Test
    public void aRepeatedNamedRequestFindsTheFirstGrant() {
        String keyId = existingKey();
        GrantRecord first = created(grant(keyId, "batch", APP, OPS));

        GrantStore.Creation again = grants.create(grant(keyId, "batch", APP, OPS), 50_000);
        GrantRecord otherGrantee = created(grant(keyId, "batch", OPS, OPS));

        assertEquals(GrantStore.Outcome.DUPLICATE, again.outcome());
        assertEquals(first, again.grant());
        assertFalse(first.grantId().equals(otherGrantee.grantId()));
        assertEquals(2, all(keyId, null).size());
    }

    @Test
    public void concurrentIdenticalNamedRequestsMakeOneGrant() throws Exception {
        // Given
        String keyId = existingKey();
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GrantStore.Creation>> results = new ArrayList<>();

        // When
        try {
            for (int i = 0; i < racers; i++) {
                GrantRecord request = grant(keyId, "raced", APP, OPS);
                results.add(pool.submit(() -> {
                    start.await();
                    return grants.create(request, 50_000);
                }));
            }
            start.countDown();
            List<GrantStore.Creation> creations = new ArrayList<>();
            for (Future<GrantStore.Creation> result : results) {
                creations.add(result.get());
            }

            // Then
            assertEquals(
                    1,
                    creations.stream()
                            .filter(c -> c.outcome() == GrantStore.Outcome.CREATED)
                            .count(),
                    creations.toString());
            assertEquals(
                    1,
                    creations.stream().map(c -> c.grant().grantId()).distinct().count(),
                    creations.toString());
            assertEquals(1, all(keyId, null).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void unnamedRequestsAlwaysMakeNewGrants() {
        String keyId = existingKey();
        created(grant(keyId, null, APP, null));
        created(grant(keyId, null, APP, null));
        assertEquals(2, all(keyId, null).size());
    }

    @Test
    public void aNamedGrantCanBeMadeAgainOnceDeleted() {
        String keyId = existingKey();
        GrantRecord first = created(grant(keyId, "batch", APP, null));
        assertTrue(grants.delete(keyId, first.grantId()));
        GrantRecord second = created(grant(keyId, "batch", APP, null));
        assertFalse(first.grantId().equals(second.grantId()));
    }

    @Test
    public void theLimitPerKeyHoldsAndFreesUpOnDelete() {
        // Given a key at its limit of 3, and another key with none
        String keyId = existingKey();
        String otherKey = existingKey();
        List<GrantRecord> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(grants.create(grant(keyId, null, APP, null), 3).grant());
        }

        // When / Then
        GrantRecord fourth = grant(keyId, null, APP, null);
        assertEquals(GrantStore.Outcome.LIMIT_REACHED, grants.create(fourth, 3).outcome());
        assertEquals(Optional.empty(), grants.find(keyId, fourth.grantId()));
        assertEquals(
                GrantStore.Outcome.CREATED,
                grants.create(grant(otherKey, null, APP, null), 3).outcome());
        assertTrue(grants.delete(keyId, made.get(0).grantId()));
        assertEquals(GrantStore.Outcome.CREATED, grants.create(fourth, 3).outcome());
        assertEquals(3, all(keyId, null).size());
    }

    @Test
    public void aDeletedGrantIsGoneOnce() {
        String keyId = existingKey();
        GrantRecord grant = created(grant(keyId, "gone", APP, OPS));
        assertTrue(grants.delete(keyId, grant.grantId()));
        assertFalse(grants.delete(keyId, grant.grantId()));
        assertEquals(Optional.empty(), grants.find(keyId, grant.grantId()));
        assertEquals(List.of(), grants.listRetirable(OPS, 10, null).items());
    }

    @Test
    public void pagesOfAKeyCoverEachOfItsGrantsOnceInIdOrder() {
        // Given five grants on one key, three of them to APP, and one grant on another key
        String keyId = existingKey();
        List<String> ids = new ArrayList<>();
        List<String> appIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            GrantRecord grant = created(grant(keyId, null, i % 2 == 0 ? APP : OPS, null));
            ids.add(grant.grantId());
            if (i % 2 == 0) {
                appIds.add(grant.grantId());
            }
        }
        created(grant(existingKey(), null, APP, null));

        // When
        List<String> listed = ids(all(keyId, null));
        List<String> listedForApp = ids(all(keyId, APP));

        // Then
        assertEquals(ids.stream().sorted().toList(), listed);
        assertEquals(appIds.stream().sorted().toList(), listedForApp);
    }

    @Test
    public void retirablePagesCoverEachGrantOfThePrincipalOnceAcrossKeys() {
        // Given grants retirable by OPS on two keys, and others
        List<String> retirable = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            String keyId = existingKey();
            for (int i = 0; i < 3; i++) {
                retirable.add(created(grant(keyId, null, APP, OPS)).grantId());
            }
            created(grant(keyId, null, APP, APP));
            created(grant(keyId, null, APP, null));
        }

        // When
        List<GrantRecord> listed = pages(after -> grants.listRetirable(OPS, 2, after));

        // Then
        assertEquals(
                retirable.stream().sorted().toList(),
                ids(listed).stream().sorted().toList());
        assertEquals(retirable.size(), listed.size());
        assertTrue(listed.stream().allMatch(g -> g.retiringPrincipal().equals(OPS)));
    }

    @Test
    public void deletingAllOfAKeyLeavesOtherKeysAndResetsItsLimit() {
        String keyId = existingKey();
        String otherKey = existingKey();
        created(grant(keyId, "a", APP, OPS));
        created(grant(keyId, null, APP, null));
        GrantRecord kept = created(grant(otherKey, null, APP, OPS));

        grants.deleteAllOf(keyId);

        assertEquals(List.of(), all(keyId, null));
        assertEquals(List.of(kept), grants.listRetirable(OPS, 10, null).items());
        assertEquals(
                GrantStore.Outcome.CREATED,
                grants.create(grant(keyId, "a", APP, OPS), 1).outcome());
    }

    private List<GrantRecord> all(String keyId, String grantee) {
        return pages(after -> grants.listOfKey(keyId, grantee, 2, after));
    }

    private static List<GrantRecord> pages(Function<String, Page<GrantRecord>> list) {
        List<GrantRecord> out = new ArrayList<>();
        String after = null;
        do {
            Page<GrantRecord> page = list.apply(after);
            assertTrue(page.items().size() <= 2);
            out.addAll(page.items());
            after = page.nextMarker();
        } while (after != null);
        return out;
    }

    private static List<String> ids(List<GrantRecord> grants) {
        return grants.stream().map(GrantRecord::grantId).toList();
    }
}
