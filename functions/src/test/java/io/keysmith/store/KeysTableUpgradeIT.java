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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * A keys table from before the listing and due-time indexes (only AliasesByKey, items without the index
 * attributes) is upgraded in place: the indexes are added, every old key and alias is listed again, a
 * key due for deletion is swept, and the next start costs one GetItem.
 */
class KeysTableUpgradeIT {

    @RegisterExtension
    final DynamoDbLocal dynamoLocal = DynamoDbLocal.perTest();

    private final DynamoDbClient dynamo = dynamoLocal.client();

    @Test
    void anOldTableGetsTheIndexesAndItsItemsTheirAttributes() {
        // Given: a keys table as it was before the indexes: five keys with aliases, one pending deletion
        CreateTableRequest current = KeysTableSchema.keysTable("keys");
        dynamo.createTable(current.toBuilder()
                .attributeDefinitions(current.attributeDefinitions().stream()
                        .filter(a ->
                                List.of("PK", "SK", "TargetKeyId", "AliasName").contains(a.attributeName()))
                        .toList())
                .globalSecondaryIndexes(current.globalSecondaryIndexes().get(0))
                .build());
        dynamo.createTable(KeysTableSchema.rootKeyTable("root"));
        new DynamoDbRootKey(dynamo, "root", new Randomness()).create();
        Instant start = Instant.now();
        KmsCalls old = new KmsCalls(dynamo, "keys", "root", Clock.fixed(start, ZoneOffset.UTC));
        List<String> keyIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keyIds.add(old.createKey());
            old.call("CreateAlias", "{\"AliasName\":\"alias/old" + i + "\",\"TargetKeyId\":\"" + keyIds.get(i) + "\"}");
        }
        old.call("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyIds.get(0) + "\",\"PendingWindowInDays\":7}");
        // What the code before the indexes wrote: the same items without their index attributes.
        dynamo.scanPaginator(r -> r.tableName("keys"))
                .items()
                .forEach(item -> dynamo.updateItem(u -> u.tableName("keys")
                        .key(Map.of("PK", item.get("PK"), "SK", item.get("SK")))
                        .updateExpression("REMOVE ItemType, ItemId, DueShard, DueAt")));
        assertTrue(KeysTableUpgrade.holdsKeysOrAliases(dynamo, "keys"));

        // When: the table is upgraded, then upgraded again
        // Then: the first upgrade backfills the 10 items and adds the indexes; the second does nothing
        assertEquals(10, KeysTableUpgrade.createOrUpgrade(dynamo, "keys"), "5 keys and 5 aliases");
        assertEquals(
                4,
                dynamo.describeTable(r -> r.tableName("keys"))
                        .table()
                        .globalSecondaryIndexes()
                        .size());
        assertEquals(0, KeysTableUpgrade.createOrUpgrade(dynamo, "keys"), "done once");

        // When: the upgraded table is used, now and 8 days later
        // Then: it lists the keys and aliases, and the sweep finds the key pending deletion through the due index
        KmsCalls upgraded = new KmsCalls(dynamo, "keys", "root", Clock.fixed(start, ZoneOffset.UTC));
        JsonNode keys = upgraded.call("ListKeys", "{}");
        assertEquals(5, keys.get("Keys").size());
        assertEquals(5, upgraded.call("ListAliases", "{}").get("Aliases").size());
        KmsCalls later =
                new KmsCalls(dynamo, "keys", "root", Clock.fixed(start.plus(Duration.ofDays(8)), ZoneOffset.UTC));
        assertEquals(1, later.keysmith.sweep(), "the old key pending deletion is found through the due index");
        assertEquals(4, later.call("ListKeys", "{}").get("Keys").size());
    }

    @Test
    void aNewTableIsMarkedDoneAndDoesNotCountAsHoldingKeys() {
        assertEquals(0, KeysTableUpgrade.createOrUpgrade(dynamo, "keys"));
        Map<String, AttributeValue> schema = dynamo.getItem(
                        r -> r.tableName("keys").key(Items.key(KeysTableUpgrade.SCHEMA_PK, KeysTableUpgrade.SCHEMA_SK)))
                .item();
        assertEquals(
                String.valueOf(KeysTableUpgrade.INDEX_VERSION),
                schema.get("IndexVersion").n());
        assertFalse(KeysTableUpgrade.holdsKeysOrAliases(dynamo, "keys"));
        assertEquals(0, KeysTableUpgrade.backfill(dynamo, "keys"));
    }
}
