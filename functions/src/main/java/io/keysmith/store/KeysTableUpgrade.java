package io.keysmith.store;

import static io.keysmith.store.Items.n;
import static io.keysmith.store.Items.s;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Brings a keys table written before the listing and due-time indexes existed up to date. The indexes are
 * sparse, so an old key or alias item is invisible to them until it carries their attributes. Every write
 * of a key or an alias now sets them; this one-off step gives them to the items nobody writes: one Scan of
 * the items that lack them, a conditional update each (a newer write wins), then the item
 * {@code SCHEMA}/{@code INDEXES} with {@value #INDEX_VERSION}, so that later runs cost one GetItem. Grants came
 * with their index ({@code GrantsByRetiringPrincipal}) and carry its attributes from their first write: an older
 * table only gets the index added, and has no grant to backfill.
 */
public final class KeysTableUpgrade {
    public static final int INDEX_VERSION = 2;
    static final String SCHEMA_PK = "SCHEMA";
    static final String SCHEMA_SK = "INDEXES";
    private static final String VERSION = "IndexVersion";

    private KeysTableUpgrade() {}

    /**
     * The local runner's start: creates the table (already up to date), or adds the indexes an older one
     * lacks and backfills. Returns the number of items backfilled.
     */
    public static int createOrUpgrade(DynamoDbClient dynamo, String table) {
        CreateTableRequest schema = KeysTableSchema.keysTable(table);
        try {
            dynamo.createTable(schema);
            markDone(dynamo, table);
            return 0;
        } catch (ResourceInUseException exists) {
            // kept from an earlier run in the same data dir
        }
        Set<String> present = dynamo.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName)
                .collect(Collectors.toSet());
        for (GlobalSecondaryIndex index : KeysTableSchema.keysTableIndexes()) {
            if (!present.contains(index.indexName())) {
                // One index per UpdateTable, as DynamoDB allows.
                dynamo.updateTable(r -> r.tableName(table)
                        .attributeDefinitions(schema.attributeDefinitions())
                        .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
                                .keySchema(index.keySchema())
                                .projection(index.projection()))));
                awaitActive(dynamo, table);
            }
        }
        return backfill(dynamo, table);
    }

    /** DynamoDB builds one new index at a time; waits, bounded, until none is being built. */
    private static void awaitActive(DynamoDbClient dynamo, String table) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (dynamo.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                .anyMatch(i -> i.indexStatus() != IndexStatus.ACTIVE)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the indexes of " + table + " are still being built after 5 minutes");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the indexes of " + table, e);
            }
        }
    }

    /** Whether the table holds a key or an alias (anything but the schema item). */
    public static boolean holdsKeysOrAliases(DynamoDbClient dynamo, String table) {
        // Two items suffice: at most one of them is the schema item.
        return dynamo.scan(r -> r.tableName(table).limit(2)).items().stream()
                .anyMatch(item -> !SCHEMA_PK.equals(Items.string(item, KeysTableSchema.PK)));
    }

    /** Gives the index attributes to the items that lack them, once per table; returns how many it updated. */
    public static int backfill(DynamoDbClient dynamo, String table) {
        Map<String, AttributeValue> schema = dynamo.getItem(r ->
                        r.tableName(table).key(Items.key(SCHEMA_PK, SCHEMA_SK)).consistentRead(true))
                .item();
        if (schema != null && schema.containsKey(VERSION) && Items.number(schema, VERSION) >= INDEX_VERSION) {
            return 0;
        }
        ScanRequest scan = ScanRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .filterExpression("(SK = :meta OR SK = :alias) AND attribute_not_exists(ItemType)")
                .expressionAttributeValues(
                        Map.of(":meta", s(DynamoDbKeyStore.META), ":alias", s(DynamoDbAliasStore.ALIAS)))
                .build();
        int updated = 0;
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan).items()) {
            boolean key = DynamoDbKeyStore.META.equals(Items.string(item, KeysTableSchema.SK));
            Map<String, AttributeValue> attributes = key
                    ? DynamoDbKeyStore.indexAttributes(DynamoDbKeyStore.toKey(item))
                    : DynamoDbAliasStore.indexAttributes(Items.string(item, KeysTableSchema.ALIAS_NAME));
            // Only if nobody wrote the item since it was read (a newer write carries the attributes itself).
            String condition = key
                    ? "attribute_not_exists(ItemType) AND Version = :read"
                    : "attribute_not_exists(ItemType) AND attribute_exists(PK)";
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            StringBuilder set = new StringBuilder("SET ");
            attributes.forEach((name, value) -> {
                String n = "#a" + names.size();
                names.put(n, name);
                values.put(":v" + values.size(), value);
                set.append(set.length() > 4 ? ", " : "")
                        .append(n)
                        .append(" = :v")
                        .append(values.size() - 1);
            });
            if (key) {
                values.put(":read", item.get("Version"));
            }
            try {
                dynamo.updateItem(r -> r.tableName(table)
                        .key(Items.key(Items.string(item, KeysTableSchema.PK), Items.string(item, KeysTableSchema.SK)))
                        .updateExpression(set.toString())
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values));
                updated++;
            } catch (ConditionalCheckFailedException changedMeanwhile) {
                // written or deleted since the scan read it: a newer write set the attributes, or there is nothing to
                // do
            }
        }
        markDone(dynamo, table);
        return updated;
    }

    private static void markDone(DynamoDbClient dynamo, String table) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(SCHEMA_PK, SCHEMA_SK));
        item.put(VERSION, n(INDEX_VERSION));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }
}
