package io.keysmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.Randomness;
import io.keysmith.rootkey.DynamoDbRootKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ListKeys, ListAliases (all, and of one key) and the upkeep sweep read DynamoDB Local through Query
 * only: a client that records every operation sees no Scan, and one Query per page.
 */
class ListingAndSweepQueryIT {
    private static final int KEYS = 230;

    @RegisterExtension
    final DynamoDbLocal dynamoLocal = DynamoDbLocal.perTest();

    private final DynamoDbClient real = dynamoLocal.client();
    private final RecordingDynamo recording = new RecordingDynamo(real);
    private final Instant start = Instant.now();
    private KmsCalls kms;
    private final List<String> keyIds = new ArrayList<>();

    @BeforeEach
    void fill() {
        KeysTableUpgrade.createOrUpgrade(real, "keys");
        real.createTable(KeysTableSchema.rootKeyTable("root"));
        new DynamoDbRootKey(real, "root", new Randomness()).create();
        kms = new KmsCalls(recording.client, "keys", "root", Clock.fixed(start, ZoneOffset.UTC));
        for (int i = 0; i < KEYS; i++) {
            String keyId = kms.createKey();
            keyIds.add(keyId);
            kms.call("CreateAlias", "{\"AliasName\":\"alias/a" + i + "\",\"TargetKeyId\":\"" + keyId + "\"}");
        }
        // a second alias of the first key, so that the key's own listing has more than one
        kms.call("CreateAlias", "{\"AliasName\":\"alias/b\",\"TargetKeyId\":\"" + keyIds.get(0) + "\"}");
        recording.take();
    }

    @Test
    void listKeysPagesWithOneQueryPerPageAndNoScan() {
        List<String> listed = pageThrough(
                "ListKeys", "{\"Limit\":100", "Keys", k -> k.get("KeyId").asText());
        assertEquals(new TreeSet<>(keyIds).stream().toList(), listed, "every key once, in key-id order");
        List<String> calls = recording.take();
        assertEquals(List.of("query", "query", "query"), calls, "one Query per page of 100, 230 keys");
    }

    @Test
    void listAliasesPagesWithOneQueryPerPageAndNoScan() {
        List<String> listed = pageThrough(
                "ListAliases",
                "{\"Limit\":50",
                "Aliases",
                a -> a.get("AliasName").asText());
        assertEquals(KEYS + 1, listed.size());
        assertEquals(new TreeSet<>(listed).stream().toList(), listed, "in name order, no repeats");
        List<String> calls = recording.take();
        assertEquals(5, calls.size(), calls.toString());
        assertTrue(calls.stream().allMatch("query"::equals), calls.toString());

        List<String> ofKey = pageThrough(
                "ListAliases",
                "{\"Limit\":1,\"KeyId\":\"" + keyIds.get(0) + "\"",
                "Aliases",
                a -> a.get("AliasName").asText());
        assertEquals(List.of("alias/a0", "alias/b"), ofKey);
        assertFalse(recording.take().stream().anyMatch(c -> c.startsWith("scan")));
    }

    @Test
    void theSweepReadsOnlyDueKeys() {
        // Given: three keys pending deletion, five with rotation on, and one disabled with rotation on
        for (String keyId : keyIds.subList(0, 3)) {
            kms.call("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyId + "\",\"PendingWindowInDays\":7}");
        }
        for (String keyId : keyIds.subList(3, 8)) {
            kms.call("EnableKeyRotation", "{\"KeyId\":\"" + keyId + "\",\"RotationPeriodInDays\":90}");
        }
        // a disabled key with rotation on is not due: KMS does not rotate disabled keys
        kms.call("EnableKeyRotation", "{\"KeyId\":\"" + keyIds.get(8) + "\",\"RotationPeriodInDays\":90}");
        kms.call("DisableKey", "{\"KeyId\":\"" + keyIds.get(8) + "\"}");
        recording.take();

        // When: a sweep runs now
        // Then: nothing is due, and it makes one Query
        KmsCalls now = new KmsCalls(recording.client, "keys", "root", Clock.fixed(start, ZoneOffset.UTC));
        assertEquals(0, now.keysmith.sweep());
        assertEquals(List.of("query"), recording.take(), "nothing due: one Query and nothing else");

        // When: a sweep runs 8 days later
        KmsCalls in8Days = new KmsCalls(
                recording.client, "keys", "root", Clock.fixed(start.plus(Duration.ofDays(8)), ZoneOffset.UTC));
        assertEquals(3, in8Days.keysmith.sweep());
        // Then: it deletes the three keys pending deletion with Queries, never a Scan
        List<String> calls = recording.take();
        assertFalse(calls.stream().anyMatch(c -> c.startsWith("scan")), calls.toString());
        assertEquals(
                1 + 3 * 4,
                calls.stream().filter(c -> c.startsWith("query")).count(),
                "one Query of the due index, then for each deleted key one of its aliases, one of its grants, one of "
                        + "its record with its current material (the key cache's read) and one of its materials: "
                        + calls);
        for (String keyId : keyIds.subList(0, 3)) {
            assertTrue(real.getItem(r -> r.tableName("keys").key(Items.key("KEY#" + keyId, "META")))
                    .item()
                    .isEmpty());
        }

        // When: a sweep runs 91 days later
        KmsCalls in91Days = new KmsCalls(
                recording.client, "keys", "root", Clock.fixed(start.plus(Duration.ofDays(91)), ZoneOffset.UTC));
        assertEquals(5, in91Days.keysmith.sweep());
        // Then: it rotates the five keys with rotation on, without a Scan
        assertFalse(recording.take().stream().anyMatch(c -> c.startsWith("scan")));
        for (String keyId : keyIds.subList(3, 8)) {
            JsonNode rotations = in91Days.call("ListKeyRotations", "{\"KeyId\":\"" + keyId + "\"}");
            assertEquals(1, rotations.get("Rotations").size());
        }
        // When: a second sweep runs at once
        recording.take();
        // Then: it finds nothing: rotated keys are due again in 90 days, not now
        assertEquals(0, in91Days.keysmith.sweep());
        assertEquals(List.of("query"), recording.take());
    }

    /** Every item of every page, following NextMarker; each page but the last is full and Truncated. */
    private List<String> pageThrough(String operation, String firstBody, String member, Function<JsonNode, String> id) {
        List<String> all = new ArrayList<>();
        String marker = null;
        for (int page = 0; page < 1000; page++) {
            JsonNode response =
                    kms.call(operation, firstBody + (marker == null ? "" : ",\"Marker\":\"" + marker + "\"") + "}");
            response.get(member).forEach(item -> all.add(id.apply(item)));
            if (!response.get("Truncated").asBoolean()) {
                assertFalse(response.has("NextMarker"));
                return all;
            }
            marker = response.get("NextMarker").asText();
        }
        throw new AssertionError("more than 1000 pages");
    }
}
