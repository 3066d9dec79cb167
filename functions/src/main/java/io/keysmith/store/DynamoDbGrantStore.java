package io.keysmith.store;

import static io.keysmith.store.Items.n;
import static io.keysmith.store.Items.s;
import static io.keysmith.store.Items.time;

import io.keysmith.core.GrantConstraints;
import io.keysmith.core.GrantRecord;
import io.keysmith.core.GrantStore;
import io.keysmith.core.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link GrantStore} on the keys table. A grant is the item {@code KEY#<keyId>}/{@code GRANT#<grantId>} in its
 * key's partition, so a key's grants are one Query; {@code KEY#<keyId>}/{@code GRANTS} counts them, for the limit
 * per key; a named grant also holds {@code KEY#<keyId>}/{@code GRANTNAME#<digest of name and parameters>}, so that
 * two identical named requests, even concurrent ones, make one grant. Each of these changes is one transaction
 * with a check that the key exists. A grant with a retiring principal carries the attributes of
 * {@value KeysTableSchema#GRANTS_BY_RETIRING_PRINCIPAL}.
 */
public final class DynamoDbGrantStore implements GrantStore {
    private static final String GRANT = "GRANT#";
    private static final String COUNTER = "GRANTS";
    private static final String NAME = "GRANTNAME#";
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbGrantStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Creation create(GrantRecord grant, int maxGrantsPerKey) {
        String pk = DynamoDbKeyStore.keyPk(grant.keyId());
        String digest = grant.sameRequestDigest();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .conditionCheck(c -> c.tableName(table)
                        .key(Items.key(pk, DynamoDbKeyStore.META))
                        .conditionExpression("attribute_exists(PK)"))
                .build());
        writes.add(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(grantItem(grant)).conditionExpression("attribute_not_exists(PK)"))
                .build());
        writes.add(TransactWriteItem.builder()
                .update(u -> u.tableName(table)
                        .key(Items.key(pk, COUNTER))
                        .updateExpression("SET GrantCount = if_not_exists(GrantCount, :zero) + :one")
                        .conditionExpression("attribute_not_exists(GrantCount) OR GrantCount < :max")
                        .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":max", n(maxGrantsPerKey))))
                .build());
        if (digest != null) {
            Map<String, AttributeValue> nameItem = new HashMap<>(Items.key(pk, NAME + digest));
            nameItem.put("GrantId", s(grant.grantId()));
            writes.add(TransactWriteItem.builder()
                    .put(p -> p.tableName(table).item(nameItem).conditionExpression("attribute_not_exists(PK)"))
                    .build());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return new Creation(Outcome.CREATED, grant);
            } catch (TransactionCanceledException e) {
                List<String> codes = e.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .toList();
                if ("ConditionalCheckFailed".equals(codes.get(0))) {
                    return new Creation(Outcome.KEY_MISSING, grant);
                }
                if (digest != null && "ConditionalCheckFailed".equals(codes.get(3))) {
                    Optional<GrantRecord> earlier = findByDigest(grant.keyId(), digest);
                    if (earlier.isPresent()) {
                        return new Creation(Outcome.DUPLICATE, earlier.get());
                    }
                    // deleted in between: try again
                } else if ("ConditionalCheckFailed".equals(codes.get(2))) {
                    return new Creation(Outcome.LIMIT_REACHED, grant);
                } else if (!codes.contains("TransactionConflict")) {
                    throw e;
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private Optional<GrantRecord> findByDigest(String keyId, String digest) {
        Map<String, AttributeValue> nameItem = dynamo.getItem(r -> r.tableName(table)
                        .key(Items.key(DynamoDbKeyStore.keyPk(keyId), NAME + digest))
                        .consistentRead(true))
                .item();
        if (nameItem == null || nameItem.isEmpty()) {
            return Optional.empty();
        }
        return find(keyId, Items.string(nameItem, "GrantId"));
    }

    @Override
    public Optional<GrantRecord> find(String keyId, String grantId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                        .key(Items.key(DynamoDbKeyStore.keyPk(keyId), GRANT + grantId))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toGrant(item));
    }

    /** The grant, its count and its name marker go together, or not at all. */
    @Override
    public boolean delete(String keyId, String grantId) {
        Optional<GrantRecord> found = find(keyId, grantId);
        if (found.isEmpty()) {
            return false;
        }
        String pk = DynamoDbKeyStore.keyPk(keyId);
        String digest = found.get().sameRequestDigest();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .delete(d -> d.tableName(table)
                        .key(Items.key(pk, GRANT + grantId))
                        .conditionExpression("attribute_exists(PK)"))
                .build());
        writes.add(TransactWriteItem.builder()
                .update(u -> u.tableName(table)
                        .key(Items.key(pk, COUNTER))
                        .updateExpression("SET GrantCount = GrantCount - :one")
                        .conditionExpression("GrantCount > :zero")
                        .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1))))
                .build());
        if (digest != null) {
            writes.add(TransactWriteItem.builder()
                    .delete(d -> d.tableName(table).key(Items.key(pk, NAME + digest)))
                    .build());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return true;
            } catch (TransactionCanceledException e) {
                List<String> codes = e.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .toList();
                if ("ConditionalCheckFailed".equals(codes.get(0))) {
                    return false; // another caller deleted it first
                }
                if (!codes.contains("TransactionConflict") || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** One Query of the key's partition per page; a grantee is a filter there (a key has at most 50,000 grants). */
    @Override
    public Page<GrantRecord> listOfKey(String keyId, String granteePrincipal, int limit, String afterGrantId) {
        String pk = DynamoDbKeyStore.keyPk(keyId);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(pk));
        values.put(":grant", s(GRANT));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :grant)");
        if (granteePrincipal != null) {
            values.put(":grantee", s(granteePrincipal));
            query.filterExpression("GranteePrincipal = :grantee");
        }
        Map<String, AttributeValue> start = afterGrantId == null ? null : Items.key(pk, GRANT + afterGrantId);
        return Pages.query(
                dynamo,
                query.expressionAttributeValues(values).build(),
                start,
                limit,
                DynamoDbGrantStore::toGrant,
                item -> Items.string(item, "GrantId"));
    }

    /** One Query of {@value KeysTableSchema#GRANTS_BY_RETIRING_PRINCIPAL} per page, in key and grant order. */
    @Override
    public Page<GrantRecord> listRetirable(String retiringPrincipal, int limit, String after) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(KeysTableSchema.GRANTS_BY_RETIRING_PRINCIPAL)
                .keyConditionExpression("RetiringPrincipal = :principal")
                .expressionAttributeValues(Map.of(":principal", s(retiringPrincipal)))
                .build();
        Map<String, AttributeValue> start = null;
        if (after != null) {
            int slash = after.indexOf('/');
            start = Map.of(
                    KeysTableSchema.PK,
                    s(DynamoDbKeyStore.keyPk(after.substring(0, slash))),
                    KeysTableSchema.SK,
                    s(GRANT + after.substring(slash + 1)),
                    KeysTableSchema.RETIRING_PRINCIPAL,
                    s(retiringPrincipal),
                    KeysTableSchema.GRANT_REF,
                    s(after));
        }
        return Pages.query(
                dynamo,
                query,
                start,
                limit,
                DynamoDbGrantStore::toGrant,
                item -> Items.string(item, KeysTableSchema.GRANT_REF));
    }

    @Override
    public void deleteAllOf(String keyId) {
        String after = null;
        do {
            Page<GrantRecord> page = listOfKey(keyId, null, 100, after);
            page.items().forEach(grant -> delete(keyId, grant.grantId()));
            after = page.nextMarker();
        } while (after != null);
        dynamo.deleteItem(r -> r.tableName(table).key(Items.key(DynamoDbKeyStore.keyPk(keyId), COUNTER)));
    }

    private static Map<String, AttributeValue> grantItem(GrantRecord grant) {
        Map<String, AttributeValue> item =
                new HashMap<>(Items.key(DynamoDbKeyStore.keyPk(grant.keyId()), GRANT + grant.grantId()));
        item.put("KeyId", s(grant.keyId()));
        item.put("GrantId", s(grant.grantId()));
        Items.putIfPresent(item, "GrantName", grant.name());
        item.put("GranteePrincipal", s(grant.granteePrincipal()));
        if (grant.retiringPrincipal() != null) {
            item.put(KeysTableSchema.RETIRING_PRINCIPAL, s(grant.retiringPrincipal()));
            item.put(KeysTableSchema.GRANT_REF, s(grant.keyId() + "/" + grant.grantId()));
        }
        item.put(
                "Operations",
                AttributeValue.fromL(grant.operations().stream().map(Items::s).toList()));
        GrantConstraints constraints = grant.constraints();
        if (constraints != null) {
            putContext(item, "EncryptionContextEquals", constraints.encryptionContextEquals());
            putContext(item, "EncryptionContextSubset", constraints.encryptionContextSubset());
            item.put("HasConstraints", AttributeValue.fromBool(true));
        }
        item.put("IssuingAccount", s(grant.issuingAccount()));
        item.put("CreationDate", time(grant.creationDate()));
        return item;
    }

    private static void putContext(Map<String, AttributeValue> item, String name, Map<String, String> context) {
        if (context != null) {
            Map<String, AttributeValue> map = new HashMap<>();
            context.forEach((k, v) -> map.put(k, s(v)));
            item.put(name, AttributeValue.fromM(map));
        }
    }

    private static Map<String, String> context(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return null;
        }
        Map<String, String> context = new HashMap<>();
        value.m().forEach((k, v) -> context.put(k, v.s()));
        return context;
    }

    private static GrantRecord toGrant(Map<String, AttributeValue> item) {
        GrantConstraints constraints = item.containsKey("HasConstraints")
                ? new GrantConstraints(
                        context(item, "EncryptionContextEquals"), context(item, "EncryptionContextSubset"))
                : null;
        return new GrantRecord(
                Items.string(item, "KeyId"),
                Items.string(item, "GrantId"),
                Items.string(item, "GrantName"),
                Items.string(item, "GranteePrincipal"),
                Items.string(item, KeysTableSchema.RETIRING_PRINCIPAL),
                item.get("Operations").l().stream().map(AttributeValue::s).toList(),
                constraints,
                Items.string(item, "IssuingAccount"),
                Items.instant(item, "CreationDate"));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5L * attempt, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a grant", e);
        }
    }
}
