package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AliasStore}, which every implementation must keep: a subclass gives empty stores
 * and inherits the tests. An alias names exactly one existing key; a name is taken once; pages cover every
 * alias exactly once, in name order.
 */
public abstract class AliasStoreContract {
    private static final Instant CREATED =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
    private static final Instant LATER = CREATED.plusSeconds(1800);
    private KeyStore keys;
    private AliasStore aliases;

    /** A key store and an alias store over new, empty storage. */
    protected abstract StorePorts emptyStores();

    @BeforeEach
    public void openStores() {
        StorePorts stores = emptyStores();
        keys = stores.keys();
        aliases = stores.aliases();
    }

    private String existingKey() {
        String keyId = UUID.randomUUID().toString();
        keys.create(KeyStoreContract.key(keyId, null), null);
        return keyId;
    }

    private static AliasRecord alias(String name, String keyId) {
        return new AliasRecord(name, keyId, CREATED, CREATED);
    }

    @Test
    public void aCreatedAliasReadsBackAsWritten() {
        AliasRecord alias = alias("alias/contract", existingKey());
        assertEquals(AliasStore.Outcome.DONE, aliases.create(alias));
        assertEquals(Optional.of(alias), aliases.find("alias/contract"));
        assertEquals(Optional.empty(), aliases.find("alias/contracts"));
    }

    @Test
    public void aTakenNameIsRefusedAndKeepsItsKey() {
        String first = existingKey();
        String second = existingKey();
        aliases.create(alias("alias/taken", first));
        assertEquals(
                AliasStore.Outcome.NAME_TAKEN, aliases.create(new AliasRecord("alias/taken", second, LATER, LATER)));
        assertEquals(Optional.of(alias("alias/taken", first)), aliases.find("alias/taken"));
    }

    @Test
    public void anAliasOfAMissingKeyIsNotCreated() {
        existingKey();
        assertEquals(
                AliasStore.Outcome.TARGET_MISSING,
                aliases.create(alias("alias/orphan", UUID.randomUUID().toString())));
        assertEquals(Optional.empty(), aliases.find("alias/orphan"));
        assertEquals(List.of(), aliases.list(null, 10, null).items());
    }

    @Test
    public void concurrentCreatorsOfOneNameGetExactlyOneWinner() throws Exception {
        // Given
        List<String> targets = List.of(existingKey(), existingKey(), existingKey(), existingKey());
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        try {
            // When
            List<Callable<AliasStore.Outcome>> creators = targets.stream()
                    .map(k -> (Callable<AliasStore.Outcome>) () -> aliases.create(alias("alias/race", k)))
                    .toList();
            List<AliasStore.Outcome> outcomes = new ArrayList<>();
            for (Future<AliasStore.Outcome> f : pool.invokeAll(creators)) {
                outcomes.add(f.get());
            }

            // Then
            assertEquals(
                    1, outcomes.stream().filter(AliasStore.Outcome.DONE::equals).count(), outcomes.toString());
            assertEquals(
                    targets.size() - 1,
                    outcomes.stream()
                            .filter(AliasStore.Outcome.NAME_TAKEN::equals)
                            .count(),
                    outcomes.toString());
            String winner = targets.get(outcomes.indexOf(AliasStore.Outcome.DONE));
            assertEquals(winner, aliases.find("alias/race").orElseThrow().targetKeyId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void anUpdatePointsTheAliasAtTheOtherKeyOnly() {
        // Given
        String before = existingKey();
        String after = existingKey();
        aliases.create(alias("alias/moving", before));

        // When
        AliasStore.Outcome outcome = aliases.update("alias/moving", after, LATER);

        // Then
        assertEquals(AliasStore.Outcome.DONE, outcome);
        assertEquals(Optional.of(new AliasRecord("alias/moving", after, CREATED, LATER)), aliases.find("alias/moving"));
        assertEquals(List.of(), aliases.list(before, 10, null).items());
        assertEquals(List.of("alias/moving"), names(aliases.list(after, 10, null)));
        assertEquals(List.of("alias/moving"), names(aliases.list(null, 10, null)));
    }

    @Test
    public void anUpdateOfAMissingAliasOrToAMissingKeyChangesNothing() {
        String target = existingKey();
        aliases.create(alias("alias/stays", target));
        assertEquals(AliasStore.Outcome.ALIAS_MISSING, aliases.update("alias/never", target, LATER));
        assertEquals(Optional.empty(), aliases.find("alias/never"));
        assertEquals(
                AliasStore.Outcome.TARGET_MISSING,
                aliases.update("alias/stays", UUID.randomUUID().toString(), LATER));
        assertEquals(Optional.of(alias("alias/stays", target)), aliases.find("alias/stays"));
    }

    @Test
    public void deleteSaysWhetherThereWasAnAlias() {
        aliases.create(alias("alias/gone", existingKey()));
        assertTrue(aliases.delete("alias/gone"));
        assertEquals(Optional.empty(), aliases.find("alias/gone"));
        assertFalse(aliases.delete("alias/gone"));
    }

    @Test
    public void deleteAllOfTakesEveryAliasOfThatKeyAndNoOther() {
        // Given: more aliases of the key than one page of a store's own listing
        String doomed = existingKey();
        String kept = existingKey();
        for (int i = 0; i < 105; i++) {
            aliases.create(alias(String.format("alias/doomed-%03d", i), doomed));
        }
        aliases.create(alias("alias/kept", kept));

        // When
        aliases.deleteAllOf(doomed);

        // Then
        assertEquals(List.of(), aliases.list(doomed, 10, null).items());
        assertEquals(List.of("alias/kept"), names(aliases.list(null, 200, null)));
    }

    @Test
    public void pagesOfAliasesCoverEveryAliasExactlyOnceInNameOrder() {
        // Given: names created out of order, over two keys
        String a = existingKey();
        String b = existingKey();
        List<String> all = new ArrayList<>();
        List<String> ofA = new ArrayList<>();
        for (int i = 22; i >= 0; i--) {
            String name = String.format("alias/page-%02d", i);
            String target = i % 3 == 0 ? a : b;
            aliases.create(alias(name, target));
            all.add(name);
            if (target.equals(a)) {
                ofA.add(name);
            }
        }
        all.sort(null);
        ofA.sort(null);

        // When / Then
        assertEquals(all, pageThrough(null, 5));
        assertEquals(all, pageThrough(null, 23));
        assertEquals(ofA, pageThrough(a, 2));
        assertEquals(ofA, pageThrough(a, 1));
    }

    /** Every alias name of every page; each page before the last is full, and no page is empty after the last alias. */
    private List<String> pageThrough(String keyId, int limit) {
        List<String> listed = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 100; pages++) {
            Page<AliasRecord> page = aliases.list(keyId, limit, after);
            assertTrue(page.items().size() <= limit);
            if (page.truncated()) {
                assertEquals(limit, page.items().size(), "a page before the last one is not full");
            } else {
                assertFalse(page.items().isEmpty() && !listed.isEmpty(), "an empty page after the last alias");
            }
            page.items().forEach(alias -> {
                if (keyId != null) {
                    assertEquals(keyId, alias.targetKeyId());
                }
                listed.add(alias.aliasName());
            });
            after = page.nextMarker();
            if (after == null) {
                return listed;
            }
        }
        throw new AssertionError("more than 100 pages");
    }

    private static List<String> names(Page<AliasRecord> page) {
        return page.items().stream().map(AliasRecord::aliasName).toList();
    }
}
