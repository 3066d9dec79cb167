package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

class AliasIT extends AgainstInMemoryRunner {

    @Test
    void concurrentCreatorsOfOneNameGetExactlyOneWinner() throws Exception {
        // Given: eight keys
        int racers = 8;
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            targets.add(kms.createKey(r -> {}).keyMetadata().keyId());
        }
        // When: eight racers create one alias name at once, each for its own key
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (String target : targets) {
                Callable<String> racer = () -> {
                    start.await();
                    try {
                        kms.createAlias(r -> r.aliasName("alias/contested").targetKeyId(target));
                        return target;
                    } catch (AlreadyExistsException lost) {
                        return null;
                    }
                };
                results.add(pool.submit(racer));
            }
            start.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> result : results) {
                String winner = result.get();
                if (winner != null) {
                    winners.add(winner);
                }
            }
            // Then: exactly one wins, and the alias names its key
            assertEquals(1, winners.size(), "winners: " + winners);
            List<AliasListEntry> contested = kms.listAliases(r -> {}).aliases().stream()
                    .filter(a -> a.aliasName().equals("alias/contested"))
                    .toList();
            assertEquals(1, contested.size());
            assertEquals(winners.get(0), contested.get(0).targetKeyId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void duplicateNameAndMissingTargetFollowAws() {
        String keyId = kms.createKey(r -> {}).keyMetadata().keyId();
        kms.createAlias(r -> r.aliasName("alias/once").targetKeyId(keyId));
        AlreadyExistsException duplicate = assertThrows(
                AlreadyExistsException.class,
                () -> kms.createAlias(r -> r.aliasName("alias/once").targetKeyId(keyId)));
        assertEquals(
                "An alias with the name arn:aws:kms:us-east-1:000000000000:alias/once already exists",
                duplicate.awsErrorDetails().errorMessage());
        assertThrows(
                NotFoundException.class,
                () -> kms.createAlias(
                        r -> r.aliasName("alias/orphan").targetKeyId("99999999-9999-9999-9999-999999999999")));
        assertTrue(kms.listAliases(r -> {}).aliases().stream()
                .noneMatch(a -> a.aliasName().equals("alias/orphan")));
    }

    @Test
    void listAliasesFiltersByKeyAndListKeysPages() {
        String keyId = kms.createKey(r -> {}).keyMetadata().keyId();
        kms.createAlias(r -> r.aliasName("alias/filter-a").targetKeyId(keyId));
        kms.createAlias(r -> r.aliasName("alias/filter-b").targetKeyId(keyId));
        List<String> names = kms.listAliases(r -> r.keyId(keyId)).aliases().stream()
                .map(AliasListEntry::aliasName)
                .toList();
        assertEquals(List.of("alias/filter-a", "alias/filter-b"), names);

        List<String> keyIds = new ArrayList<>();
        String marker = null;
        do {
            String current = marker;
            ListKeysResponse page = kms.listKeys(r -> r.limit(2).marker(current));
            page.keys().forEach(k -> keyIds.add(k.keyId()));
            marker = page.truncated() ? page.nextMarker() : null;
        } while (marker != null);
        assertTrue(keyIds.contains(keyId));
        assertEquals(keyIds.stream().distinct().count(), keyIds.size());
    }
}
