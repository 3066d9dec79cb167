package io.keysmith.store;

import static io.keysmith.store.Items.b;
import static io.keysmith.store.Items.s;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.KeyPairPoolStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * {@link KeyPairPoolStore} in the keys table: one partition per spec, {@code KEYPAIRPOOL#<spec>}, with one item
 * {@code PAIR#<itemId>} per pair holding {@code PublicKey} and {@code SealedPrivateKey} (sealed by the core under the
 * pool key; nothing here is plaintext). The items carry none of the index attributes, so no listing, sweep or
 * backfill ever sees them.
 *
 * <p>A claim reads one item id with a Query, starting at a random point of the partition so that concurrent claimers
 * spread over its items, then deletes that item with {@code attribute_exists(PK)} and {@code ReturnValues=ALL_OLD}.
 * DynamoDB applies a conditional delete to an item once: of any number of claimers racing for one item, exactly
 * one gets its attributes back, and the others' conditions fail, so they try another item. Each pair is handed
 * out at most once.
 */
public final class DynamoDbKeyPairPool implements KeyPairPoolStore {
    static final String PARTITION = "KEYPAIRPOOL#";
    static final String ITEM = "PAIR#";
    static final String PUBLIC_KEY = "PublicKey";
    static final String SEALED_PRIVATE_KEY = "SealedPrivateKey";
    static final String CREATED_AT = "CreatedAt";
    /** Claims that lose this many races in a row give up; the request then generates its pair inline. */
    private static final int CLAIM_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbKeyPairPool(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    static String partition(DataKeyPairSpec spec) {
        return PARTITION + spec.name();
    }

    @Override
    public void add(DataKeyPairSpec spec, PooledPair pair) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(partition(spec), ITEM + pair.itemId()));
        item.put(PUBLIC_KEY, b(pair.publicKey()));
        item.put(SEALED_PRIVATE_KEY, b(pair.sealedPrivateKey()));
        item.put(CREATED_AT, Items.time(clock.instant()));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
    }

    @Override
    public Optional<PooledPair> claim(DataKeyPairSpec spec) {
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            Optional<Map<String, AttributeValue>> candidate = firstFrom(spec, randomItemKey());
            if (candidate.isEmpty()) {
                candidate = firstFrom(spec, ITEM);
            }
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            Map<String, AttributeValue> key =
                    Items.key(partition(spec), Items.string(candidate.get(), KeysTableSchema.SK));
            try {
                DeleteItemResponse deleted = dynamo.deleteItem(r -> r.tableName(table)
                        .key(key)
                        .conditionExpression("attribute_exists(PK)")
                        .returnValues(ReturnValue.ALL_OLD));
                Map<String, AttributeValue> item = deleted.attributes();
                return Optional.of(new PooledPair(
                        Items.string(item, KeysTableSchema.SK).substring(ITEM.length()),
                        Items.bytes(item, PUBLIC_KEY),
                        Items.bytes(item, SEALED_PRIVATE_KEY)));
            } catch (ConditionalCheckFailedException takenByAnother) {
                // another claimer deleted it first: try another item
            }
        }
        return Optional.empty();
    }

    @Override
    public int depth(DataKeyPairSpec spec) {
        int count = 0;
        for (var page : dynamo.queryPaginator(r -> r.tableName(table)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s(partition(spec))))
                .select(Select.COUNT)
                .consistentRead(true))) {
            count += page.count();
        }
        return count;
    }

    /** The item id of the first pair at or after {@code from} in the spec's partition, if any. */
    private Optional<Map<String, AttributeValue>> firstFrom(DataKeyPairSpec spec, String from) {
        List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table)
                        .keyConditionExpression("PK = :pk AND SK >= :from")
                        .expressionAttributeValues(Map.of(":pk", s(partition(spec)), ":from", s(from)))
                        .projectionExpression("SK")
                        .limit(1))
                .items();
        return items.stream().findFirst();
    }

    /** A random point among the item ids (hex), only to spread claimers: nothing secret depends on it. */
    private static String randomItemKey() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ITEM + String.format("%016x%016x", random.nextLong(), random.nextLong());
    }
}
