package io.keysmith.store;

import static io.keysmith.store.Items.s;
import static io.keysmith.store.Items.time;

import io.keysmith.core.AliasRecord;
import io.keysmith.core.AliasStore;
import io.keysmith.core.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** {@link AliasStore} on the keys table and its aliases-by-key index. */
public final class DynamoDbAliasStore implements AliasStore {
    private static final String ALIAS = "ALIAS";
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbAliasStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * One transaction: put the alias if the name is free, and check that the target key exists, so
     * that concurrent creators of one name get exactly one winner and nothing half-written.
     */
    @Override
    public CreateOutcome create(AliasRecord alias) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(aliasPk(alias.aliasName()), ALIAS));
        item.put(KeysTableSchema.ALIAS_NAME, s(alias.aliasName()));
        item.put(KeysTableSchema.TARGET_KEY_ID, s(alias.targetKeyId()));
        item.put("CreationDate", time(alias.creationDate()));
        item.put("LastUpdatedDate", time(alias.lastUpdatedDate()));
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(
                        t -> t.put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)")),
                        t -> t.conditionCheck(c -> c.tableName(table)
                                .key(Items.key(DynamoDbKeyStore.keyPk(alias.targetKeyId()), DynamoDbKeyStore.META))
                                .conditionExpression("attribute_exists(PK)"))));
                return CreateOutcome.CREATED;
            } catch (TransactionCanceledException e) {
                List<String> codes = e.cancellationReasons().stream().map(CancellationReason::code).toList();
                if (codes.size() == 2 && "ConditionalCheckFailed".equals(codes.get(0))) {
                    return CreateOutcome.NAME_TAKEN;
                }
                if (codes.size() == 2 && "ConditionalCheckFailed".equals(codes.get(1))) {
                    return CreateOutcome.TARGET_MISSING;
                }
                // Concurrent transactions on one name may cancel each other; retrying settles who holds it.
                if (!codes.contains("TransactionConflict") || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
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
                .key(Items.key(aliasPk(aliasName), ALIAS)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toAlias(item));
    }

    @Override
    public Page<AliasRecord> list(String targetKeyId, int limit, String afterName) {
        List<AliasRecord> all = new ArrayList<>();
        if (targetKeyId == null) {
            ScanRequest scan = ScanRequest.builder().tableName(table)
                    .filterExpression("SK = :alias")
                    .expressionAttributeValues(Map.of(":alias", s(ALIAS)))
                    .consistentRead(true)
                    .build();
            dynamo.scanPaginator(scan).items().forEach(item -> all.add(toAlias(item)));
        } else {
            QueryRequest query = QueryRequest.builder().tableName(table)
                    .indexName(KeysTableSchema.ALIASES_BY_KEY)
                    .keyConditionExpression("TargetKeyId = :key")
                    .expressionAttributeValues(Map.of(":key", s(targetKeyId)))
                    .build();
            dynamo.queryPaginator(query).items().forEach(item -> all.add(toAlias(item)));
        }
        all.sort(Comparator.comparing(AliasRecord::aliasName));
        return Pages.after(all, AliasRecord::aliasName, afterName, limit);
    }

    private static String aliasPk(String aliasName) {
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
