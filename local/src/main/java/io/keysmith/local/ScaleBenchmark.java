package io.keysmith.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.api.KmsApi;
import io.keysmith.core.AliasRecord;
import io.keysmith.core.KeyRecord;
import io.keysmith.core.KeySpec;
import io.keysmith.core.KeyState;
import io.keysmith.core.KeyUsage;
import io.keysmith.core.Keysmith;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Origin;
import io.keysmith.core.Randomness;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.store.DynamoDbAliasStore;
import io.keysmith.store.DynamoDbKeyStore;
import io.keysmith.store.KeysTableSchema;
import io.keysmith.store.KeysTableUpgrade;
import io.keysmith.wiring.KeysmithSettings;
import io.keysmith.wiring.KeysmithWiring;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Listing and upkeep at scale, on embedded DynamoDB Local in memory, in this process: the time of one
 * page of ListKeys and ListAliases (through the api) as the table grows to 10,000 keys and 10,000
 * aliases, next to what the earlier full-table Scan per page cost; then the upkeep sweep against the
 * number of due keys with the table fixed at 10,000 keys. Every time is the median of several runs, and
 * is also given as a multiple of one GetItem measured in the same run (the floor). Prints Markdown.
 */
public final class ScaleBenchmark {
    private static final int[] SIZES = {100, 1_000, 10_000};
    private static final int[] DUE = {0, 10, 100, 1_000};
    private static final int PAGE_RUNS = 31;
    private static final Pattern MARKER = Pattern.compile("\"NextMarker\"\\s*:\\s*\"([^\"]+)\"");
    private static final String TABLE = "keys";

    private final DynamoDbClient dynamo;
    private final DynamoDbKeyStore keys;
    private final DynamoDbAliasStore aliases;
    private final KmsApi api;
    private final Keysmith keysmith;
    private final List<String> keyIds = new ArrayList<>();

    private ScaleBenchmark(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        KeysTableUpgrade.createOrUpgrade(dynamo, TABLE);
        dynamo.createTable(KeysTableSchema.rootKeyTable("root"));
        Randomness randomness = new Randomness();
        DynamoDbRootKey rootKey = new DynamoDbRootKey(dynamo, "root", randomness);
        rootKey.create();
        keys = new DynamoDbKeyStore(dynamo, TABLE);
        aliases = new DynamoDbAliasStore(dynamo, TABLE);
        KeysmithSettings settings = new KeysmithSettings(
                dynamo, TABLE, rootKey, new KmsLocation("us-east-1", "111122223333"), randomness, Clock.systemUTC());
        keysmith = KeysmithWiring.keysmith(settings);
        api = KeysmithWiring.api(settings, keysmith);
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.log.io.keysmith.api.KmsApi", "warn");
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
        try {
            new ScaleBenchmark(local.dynamoDbClient()).run();
        } finally {
            local.shutdown();
        }
        System.exit(0); // DynamoDB Local leaves a worker thread behind
    }

    private void run() {
        // Warm the JIT on every path measured below.
        fill(200);
        Runnable secondPage = listKeysSecondPage();
        for (int i = 0; i < 2_000; i++) {
            secondPage.run();
            call("ListAliases", "{\"Limit\":100}");
            getItem();
            keysmith.sweep();
            if (i % 10 == 0) {
                fullScan();
            }
        }
        double floor = median(this::getItem, 201);
        System.out.printf("Floor: one GetItem of a key, %.3f ms (median of 201).%n%n", floor);
        System.out.println(
                "| keys (and aliases) in the table | ListKeys, a page of 100 after a marker | ListAliases, 1st page of 100 "
                        + "| earlier: full Scan of the keys per page |");
        System.out.println("| ---: | ---: | ---: | ---: |");
        for (int size : SIZES) {
            fill(size);
            double listKeys = median(listKeysSecondPage(), PAGE_RUNS);
            double listAliases = median(() -> call("ListAliases", "{\"Limit\":100}"), PAGE_RUNS);
            double scan = median(this::fullScan, size >= 10_000 ? 5 : PAGE_RUNS);
            System.out.printf(
                    "| %,d | %.2f ms (%.1fx) | %.2f ms (%.1fx) | %.2f ms (%.0fx) |%n",
                    size, listKeys, listKeys / floor, listAliases, listAliases / floor, scan, scan / floor);
        }
        System.out.println();
        System.out.println("| keys in the table | due keys | sweep | per due key |");
        System.out.println("| ---: | ---: | ---: | ---: |");
        for (int due : DUE) {
            double ms;
            if (due == 0) {
                ms = median(keysmith::sweep, PAGE_RUNS);
            } else {
                addDueKeys(due);
                long start = System.nanoTime();
                int settled = keysmith.sweep();
                ms = (System.nanoTime() - start) / 1e6;
                if (settled != due) {
                    throw new IllegalStateException("the sweep settled " + settled + " keys, not " + due);
                }
            }
            System.out.printf(
                    "| %,d | %,d | %.1f ms (%.0fx) | %s |%n",
                    keyIds.size(), due, ms, ms / floor, due == 0 ? "-" : String.format("%.2f ms", ms / due));
        }
    }

    /** Keys pending import (no material: none is needed to list them) and one alias each, up to {@code size}. */
    private void fill(int size) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        while (keyIds.size() < size) {
            String keyId = UUID.randomUUID().toString();
            keys.create(record(keyId, KeyState.PendingImport, null, now), null);
            aliases.create(new AliasRecord("alias/bench-" + keyId, keyId, now, now));
            keyIds.add(keyId);
        }
    }

    /** Keys whose deletion window ended a day ago: the sweep deletes them, and the table is back to its size. */
    private void addDueKeys(int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < count; i++) {
            keys.create(
                    record(UUID.randomUUID().toString(), KeyState.PendingDeletion, now.minus(Duration.ofDays(1)), now),
                    null);
        }
    }

    private static KeyRecord record(String keyId, KeyState state, Instant deletionDate, Instant now) {
        return KeyRecord.builder()
                .keyId(keyId)
                .creationDate(now)
                .description("bench")
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .keyState(state)
                .origin(Origin.EXTERNAL)
                .deletionDate(deletionDate)
                .pendingWindowInDays(deletionDate == null ? null : 7)
                .build();
    }

    private String call(String operation, String body) {
        ApiResponse response = api.handle(new ApiRequest(
                "TrentService." + operation,
                body.getBytes(StandardCharsets.UTF_8),
                io.keysmith.core.Caller.accountRoot("111122223333", "127.0.0.1", false)));
        if (response.status() != 200) {
            throw new IllegalStateException(operation + ": " + response.bodyText());
        }
        return response.bodyText();
    }

    /** The page after the first one: the store starts its Query at the key the marker names. */
    private Runnable listKeysSecondPage() {
        Matcher m = MARKER.matcher(call("ListKeys", "{\"Limit\":100}"));
        if (!m.find()) {
            throw new IllegalStateException("ListKeys has no second page");
        }
        String body = "{\"Limit\":100,\"Marker\":\"" + m.group(1) + "\"}";
        return () -> call("ListKeys", body);
    }

    private void getItem() {
        dynamo.getItem(r -> r.tableName(TABLE)
                .consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS("KEY#" + keyIds.get(0)), "SK", AttributeValue.fromS("META"))));
    }

    /** What ListKeys did per page before the index: a Scan of every key's META item. */
    private void fullScan() {
        dynamo.scanPaginator(r -> r.tableName(TABLE)
                        .consistentRead(true)
                        .filterExpression("SK = :meta")
                        .expressionAttributeValues(Map.of(":meta", AttributeValue.fromS("META"))))
                .items()
                .forEach(item -> {});
    }

    private static double median(Runnable work, int runs) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        return times.get(runs / 2);
    }
}
