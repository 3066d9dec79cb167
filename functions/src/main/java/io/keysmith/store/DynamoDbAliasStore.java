package io.keysmith.store;

import static io.keysmith.store.Items.s;
import static io.keysmith.store.Items.time;

import io.keysmith.core.AliasRecord;
import io.keysmith.core.AliasStore;
import io.keysmith.core.Page;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** {@link AliasStore} on the keys table and its aliases-by-key index. */
public final class DynamoDbAliasStore implements AliasStore {
    static final String ALIAS = "ALIAS";
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbAliasStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Puts the alias if the name is free and the target key exists, so that concurrent creators of
     * one name get exactly one winner and nothing half-written.
     */
    @Override
    public Outcome create(AliasRecord alias) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(aliasPk(alias.aliasName()), ALIAS));
        item.put(KeysTableSchema.ALIAS_NAME, s(alias.aliasName()));
        item.put(KeysTableSchema.TARGET_KEY_ID, s(alias.targetKeyId()));
        item.putAll(indexAttributes(alias.aliasName()));
        item.put("CreationDate", time(alias.creationDate()));
        item.put("LastUpdatedDate", time(alias.lastUpdatedDate()));
        return transact(
                t -> t.put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)")),
                alias.targetKeyId(),
                Outcome.NAME_TAKEN);
    }

    @Override
    public Outcome update(String aliasName, String targetKeyId, Instant now) {
        return transact(
                t -> t.update(u -> u.tableName(table)
                        .key(Items.key(aliasPk(aliasName), ALIAS))
                        .conditionExpression("attribute_exists(PK)")
                        // The index attributes too: an alias written before the index existed gets them here.
                        .updateExpression(
                                "SET TargetKeyId = :target, LastUpdatedDate = :now, ItemType = :type, ItemId = :name")
                        .expressionAttributeValues(Map.of(
                                ":target",
                                s(targetKeyId),
                                ":now",
                                time(now),
                                ":type",
                                s(ALIAS),
                                ":name",
                                s(aliasName)))),
                targetKeyId,
                Outcome.ALIAS_MISSING);
    }

    /**
     * Runs the alias write together with a check that the target key exists, in one transaction.
     * Concurrent transactions on one name may cancel each other; retrying settles who holds it.
     */
    private Outcome transact(
            Consumer<TransactWriteItem.Builder> aliasWrite, String targetKeyId, Outcome aliasConflict) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().applyMutation(aliasWrite).build(),
                        TransactWriteItem.builder()
                                .conditionCheck(c -> c.tableName(table)
                                        .key(Items.key(DynamoDbKeyStore.keyPk(targetKeyId), DynamoDbKeyStore.META))
                                        .conditionExpression("attribute_exists(PK)"))
                                .build()));
                return Outcome.DONE;
            } catch (TransactionCanceledException e) {
                List<String> codes = e.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .toList();
                if (codes.size() == 2 && "ConditionalCheckFailed".equals(codes.get(0))) {
                    return aliasConflict;
                }
                if (codes.size() == 2 && "ConditionalCheckFailed".equals(codes.get(1))) {
                    return Outcome.TARGET_MISSING;
                }
                if (!codes.contains("TransactionConflict") || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    @Override
    public boolean delete(String aliasName) {
        try {
            dynamo.deleteItem(r -> r.tableName(table)
                    .key(Items.key(aliasPk(aliasName), ALIAS))
                    .conditionExpression("attribute_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void deleteAllOf(String targetKeyId) {
        String after = null;
        do {
            Page<AliasRecord> page = list(targetKeyId, 100, after);
            page.items().forEach(alias -> delete(alias.aliasName()));
            after = page.nextMarker();
        } while (after != null);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5L * attempt, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating an alias", e);
        }
    }

    @Override
    public Optional<AliasRecord> find(String aliasName) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                        .key(Items.key(aliasPk(aliasName), ALIAS))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toAlias(item));
    }

    /**
     * One Query per page: of a key's aliases in {@value KeysTableSchema#ALIASES_BY_KEY}, or of all aliases in
     * the aliases' partition of {@value KeysTableSchema#ITEMS_BY_TYPE}, in name order either way.
     */
    @Override
    public Page<AliasRecord> list(String targetKeyId, int limit, String afterName) {
        QueryRequest query;
        Map<String, AttributeValue> start = null;
        if (targetKeyId == null) {
            query = QueryRequest.builder()
                    .tableName(table)
                    .indexName(KeysTableSchema.ITEMS_BY_TYPE)
                    .keyConditionExpression("ItemType = :type")
                    .expressionAttributeValues(Map.of(":type", s(ALIAS)))
                    .build();
            if (afterName != null) {
                start = Map.of(
                        KeysTableSchema.PK,
                        s(aliasPk(afterName)),
                        KeysTableSchema.SK,
                        s(ALIAS),
                        KeysTableSchema.ITEM_TYPE,
                        s(ALIAS),
                        KeysTableSchema.ITEM_ID,
                        s(afterName));
            }
        } else {
            query = QueryRequest.builder()
                    .tableName(table)
                    .indexName(KeysTableSchema.ALIASES_BY_KEY)
                    .keyConditionExpression("TargetKeyId = :key")
                    .expressionAttributeValues(Map.of(":key", s(targetKeyId)))
                    .build();
            if (afterName != null) {
                start = Map.of(
                        KeysTableSchema.PK,
                        s(aliasPk(afterName)),
                        KeysTableSchema.SK,
                        s(ALIAS),
                        KeysTableSchema.TARGET_KEY_ID,
                        s(targetKeyId),
                        KeysTableSchema.ALIAS_NAME,
                        s(afterName));
            }
        }
        return Pages.query(
                dynamo,
                query,
                start,
                limit,
                DynamoDbAliasStore::toAlias,
                item -> Items.string(item, KeysTableSchema.ALIAS_NAME));
    }

    /** The alias item's place in the aliases' partition of {@value KeysTableSchema#ITEMS_BY_TYPE}. */
    static Map<String, AttributeValue> indexAttributes(String aliasName) {
        return Map.of(KeysTableSchema.ITEM_TYPE, s(ALIAS), KeysTableSchema.ITEM_ID, s(aliasName));
    }

    static String aliasPk(String aliasName) {
        return "ALIAS#" + aliasName;
    }

    private static AliasRecord toAlias(Map<String, AttributeValue> item) {
        return new AliasRecord(
                Items.string(item, KeysTableSchema.ALIAS_NAME),
                Items.string(item, KeysTableSchema.TARGET_KEY_ID),
                Items.instant(item, "CreationDate"),
                Items.instant(item, "LastUpdatedDate"));
    }
}
