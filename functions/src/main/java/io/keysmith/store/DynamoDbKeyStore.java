package io.keysmith.store;

import static io.keysmith.store.Items.b;
import static io.keysmith.store.Items.n;
import static io.keysmith.store.Items.putIfPresent;
import static io.keysmith.store.Items.s;
import static io.keysmith.store.Items.time;

import io.keysmith.core.ExpirationModel;
import io.keysmith.core.KeyRecord;
import io.keysmith.core.KeySpec;
import io.keysmith.core.KeyState;
import io.keysmith.core.KeyStore;
import io.keysmith.core.KeyUsage;
import io.keysmith.core.MaterialImport;
import io.keysmith.core.MaterialWraps;
import io.keysmith.core.Origin;
import io.keysmith.core.Page;
import io.keysmith.core.Rotation;
import io.keysmith.core.RotationType;
import io.keysmith.core.Tag;
import io.keysmith.core.WrappedMaterial;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** {@link KeyStore} on the keys table. */
public final class DynamoDbKeyStore implements KeyStore {
    static final String META = "META";
    private static final String MATERIAL = "MATERIAL#";
    /** The material's wrap format; items written before format 2 have none, and are format 1. */
    static final String WRAP_FORMAT = "WrapFormat";

    static final String KEY_TYPE = "KEY";
    static final String DUE = "DUE";
    private static final int MAX_TRANSACTION_ITEMS = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbKeyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String keyPk(String keyId) {
        return "KEY#" + keyId;
    }

    @Override
    public void create(KeyRecord key, WrappedMaterial material) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(metaItem(key), "attribute_not_exists(PK)", Map.of()));
        if (material != null) {
            writes.add(put(materialItem(material), "attribute_not_exists(PK)", Map.of()));
        }
        dynamo.transactWriteItems(r -> r.transactItems(writes));
    }

    @Override
    public void update(KeyRecord key) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(metaItem(key.nextVersion()))
                    .conditionExpression("Version = :read")
                    .expressionAttributeValues(Map.of(":read", n(key.version()))));
        } catch (ConditionalCheckFailedException e) {
            throw new StaleKeyException(key.keyId());
        }
    }

    @Override
    public void addMaterial(KeyRecord key, WrappedMaterial material) {
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    put(metaItem(key.nextVersion()), "Version = :read", Map.of(":read", n(key.version()))),
                    put(materialItem(material), "attribute_not_exists(PK)", Map.of())));
        } catch (TransactionCanceledException e) {
            throw new StaleKeyException(key.keyId());
        }
    }

    @Override
    public void changeMaterials(KeyRecord key, List<WrappedMaterial> put, List<String> deletedMaterialIds) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(metaItem(key.nextVersion()), "Version = :read", Map.of(":read", n(key.version()))));
        put.forEach(m -> writes.add(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(materialItem(m)))
                .build()));
        deletedMaterialIds.forEach(id -> writes.add(delete(keyPk(key.keyId()), MATERIAL + id)));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException e) {
            throw new StaleKeyException(key.keyId());
        }
    }

    @Override
    public boolean rewrap(WrappedMaterial replacement, WrappedMaterial expected) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(materialItem(replacement))
                    .conditionExpression("RootKeyId = :rootKeyId AND WrappedMaterial = :wrapped")
                    .expressionAttributeValues(
                            Map.of(":rootKeyId", s(expected.rootKeyId()), ":wrapped", b(expected.wrapped()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private TransactWriteItem put(
            Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(table).item(item).conditionExpression(condition);
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    @Override
    public Optional<KeyRecord> find(String keyId) {
        Map<String, AttributeValue> item = dynamo.getItem(r ->
                        r.tableName(table).key(Items.key(keyPk(keyId), META)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toKey(item));
    }

    /**
     * One Query of the key's partition: {@code META} sorts right after every {@code MATERIAL#}, so reading that
     * range backwards gives the metadata first, then the materials, and leaves the grants out. A second page is
     * read only for a key with more material than one page (1 MB) holds.
     */
    @Override
    public Optional<KeyWithMaterial> findWithCurrentMaterial(String keyId) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :material AND :meta")
                .expressionAttributeValues(Map.of(":pk", s(keyPk(keyId)), ":material", s(MATERIAL), ":meta", s(META)))
                .scanIndexForward(false)
                .consistentRead(true)
                .build();
        KeyRecord key = null;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(query).items()) {
            if (key == null) {
                if (!META.equals(Items.string(item, KeysTableSchema.SK))) {
                    return Optional.empty(); // materials without metadata: a delete under way
                }
                key = toKey(item);
                if (key.currentMaterialId() == null) {
                    break;
                }
            } else if (Items.string(item, KeysTableSchema.SK).equals(MATERIAL + key.currentMaterialId())) {
                return Optional.of(new KeyWithMaterial(key, toMaterial(item)));
            }
        }
        return Optional.ofNullable(key).map(found -> new KeyWithMaterial(found, null));
    }

    @Override
    public Optional<WrappedMaterial> findMaterial(String keyId, String materialId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                        .key(Items.key(keyPk(keyId), MATERIAL + materialId))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toMaterial(item));
    }

    @Override
    public List<WrappedMaterial> materials(String keyId) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :material)")
                .expressionAttributeValues(Map.of(":pk", s(keyPk(keyId)), ":material", s(MATERIAL)))
                .consistentRead(true)
                .build();
        List<WrappedMaterial> materials = new ArrayList<>();
        dynamo.queryPaginator(query).items().forEach(item -> materials.add(toMaterial(item)));
        materials.sort(Comparator.comparing(WrappedMaterial::creationDate).thenComparing(WrappedMaterial::materialId));
        return materials;
    }

    /** ListKeys: one Query of the keys' partition of {@value KeysTableSchema#ITEMS_BY_TYPE}, in key-id order. */
    @Override
    public Page<KeyRecord> list(int limit, String afterKeyId) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(KeysTableSchema.ITEMS_BY_TYPE)
                .keyConditionExpression("ItemType = :type")
                .expressionAttributeValues(Map.of(":type", s(KEY_TYPE)))
                .build();
        Map<String, AttributeValue> start = afterKeyId == null
                ? null
                : Map.of(
                        KeysTableSchema.PK,
                        s(keyPk(afterKeyId)),
                        KeysTableSchema.SK,
                        s(META),
                        KeysTableSchema.ITEM_TYPE,
                        s(KEY_TYPE),
                        KeysTableSchema.ITEM_ID,
                        s(afterKeyId));
        return Pages.query(dynamo, query, start, limit, DynamoDbKeyStore::toKey, item -> Items.string(item, "KeyId"));
    }

    /**
     * The sweep's Query of {@value KeysTableSchema#KEYS_BY_DUE_TIME}: only keys due by {@code now}. The raw
     * position is the due instant's millis and the key id, which rebuild the index's start key.
     */
    @Override
    public Page<String> dueKeyIds(Instant now, int limit, String after) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(KeysTableSchema.KEYS_BY_DUE_TIME)
                .keyConditionExpression("DueShard = :due AND DueAt <= :now")
                .expressionAttributeValues(Map.of(":due", s(DUE), ":now", time(now)))
                .build();
        Map<String, AttributeValue> start = null;
        if (after != null) {
            int hash = after.indexOf('#');
            String keyId = after.substring(hash + 1);
            start = Map.of(
                    KeysTableSchema.PK,
                    s(keyPk(keyId)),
                    KeysTableSchema.SK,
                    s(META),
                    KeysTableSchema.DUE_SHARD,
                    s(DUE),
                    KeysTableSchema.DUE_AT,
                    AttributeValue.fromN(after.substring(0, hash)));
        }
        return Pages.query(
                dynamo,
                query,
                start,
                limit,
                DynamoDbKeyStore::keyIdOf,
                item -> item.get(KeysTableSchema.DUE_AT).n() + "#" + keyIdOf(item));
    }

    private static String keyIdOf(Map<String, AttributeValue> item) {
        return Items.string(item, KeysTableSchema.PK).substring("KEY#".length());
    }

    /**
     * Deletes the key's metadata and materials in one transaction, so that no crash leaves a key without
     * its current material. A key with more than 99 materials first loses its oldest ones, never the
     * current one, and a rerun finishes an interrupted delete.
     */
    @Override
    public void delete(String keyId) {
        KeyRecord key = find(keyId).orElse(null);
        String current = key == null ? null : key.currentMaterialId();
        List<WrappedMaterial> older = new ArrayList<>(materials(keyId));
        older.removeIf(m -> m.materialId().equals(current));
        while (older.size() > MAX_TRANSACTION_ITEMS - 2) {
            WrappedMaterial oldest = older.remove(0);
            dynamo.deleteItem(r -> r.tableName(table).key(Items.key(keyPk(keyId), MATERIAL + oldest.materialId())));
        }
        List<TransactWriteItem> deletes = new ArrayList<>();
        older.forEach(m -> deletes.add(delete(keyPk(keyId), MATERIAL + m.materialId())));
        if (current != null) {
            deletes.add(delete(keyPk(keyId), MATERIAL + current));
        }
        deletes.add(delete(keyPk(keyId), META));
        dynamo.transactWriteItems(r -> r.transactItems(deletes));
    }

    private TransactWriteItem delete(String pk, String sk) {
        return TransactWriteItem.builder()
                .delete(d -> d.tableName(table).key(Items.key(pk, sk)))
                .build();
    }

    private static Map<String, AttributeValue> materialItem(WrappedMaterial material) {
        Map<String, AttributeValue> item =
                new HashMap<>(Items.key(keyPk(material.keyId()), MATERIAL + material.materialId()));
        item.put("KeyMaterialId", s(material.materialId()));
        // Both absent once imported material is deleted or expired: only its record is left.
        putIfPresent(item, "WrappedMaterial", material.wrapped());
        putIfPresent(item, "RootKeyId", material.rootKeyId());
        item.put(WRAP_FORMAT, n(material.wrapFormat()));
        item.put("CreationDate", time(material.creationDate()));
        putIfPresent(item, "RotationType", material.rotationType());
        putIfPresent(item, "PublicKey", material.publicKey());
        MaterialImport imported = material.imported();
        if (imported != null) {
            item.put("ImportExpirationModel", s(imported.expirationModel().name()));
            putIfPresent(item, "ImportValidTo", imported.validTo());
            putIfPresent(item, "ImportDescription", imported.description());
            item.put("ImportPendingRotation", AttributeValue.fromBool(imported.pendingRotation()));
        }
        return item;
    }

    private static WrappedMaterial toMaterial(Map<String, AttributeValue> item) {
        String keyId = Items.string(item, KeysTableSchema.PK).substring("KEY#".length());
        Integer wrapFormat = Items.optionalInt(item, WRAP_FORMAT);
        return new WrappedMaterial(
                keyId,
                Items.string(item, "KeyMaterialId"),
                Items.bytes(item, "WrappedMaterial"),
                Items.string(item, "RootKeyId"),
                wrapFormat == null ? MaterialWraps.FORMAT_1 : wrapFormat,
                Items.instant(item, "CreationDate"),
                Items.constant(item, "RotationType", RotationType.class),
                Items.bytes(item, "PublicKey"),
                item.containsKey("ImportExpirationModel")
                        ? new MaterialImport(
                                Items.constant(item, "ImportExpirationModel", ExpirationModel.class),
                                Items.instant(item, "ImportValidTo"),
                                Items.string(item, "ImportDescription"),
                                item.get("ImportPendingRotation").bool())
                        : null);
    }

    private static Map<String, AttributeValue> metaItem(KeyRecord key) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(keyPk(key.keyId()), META));
        item.putAll(indexAttributes(key));
        item.put("KeyId", s(key.keyId()));
        item.put("CreationDate", time(key.creationDate()));
        item.put("Description", s(key.description()));
        item.put("KeySpec", s(key.keySpec().name()));
        item.put("KeyUsage", s(key.keyUsage().name()));
        item.put("KeyState", s(key.keyState().name()));
        item.put("Origin", s(key.origin().name()));
        putIfPresent(item, "CurrentKeyMaterialId", key.currentMaterialId());
        item.put(
                "Tags",
                AttributeValue.fromL(key.tags().stream()
                        .map(t -> AttributeValue.fromM(Map.of("TagKey", s(t.key()), "TagValue", s(t.value()))))
                        .toList()));
        putIfPresent(item, "DeletionDate", key.deletionDate());
        putIfPresent(item, "PendingWindowInDays", key.pendingWindowInDays());
        Rotation rotation = key.rotation();
        item.put("RotationEnabled", AttributeValue.fromBool(rotation.enabled()));
        item.put("RotationPeriodInDays", n(rotation.periodInDays()));
        putIfPresent(item, "NextRotationDate", rotation.nextRotationDate());
        item.put("OnDemandRotations", n(rotation.onDemandCount()));
        // Verbatim: GetKeyPolicy returns the document byte for byte.
        putIfPresent(item, "Policy", key.policy());
        putIfPresent(item, "ExpirationModel", key.expirationModel());
        putIfPresent(item, "ValidTo", key.validTo());
        item.put("Version", n(key.version()));
        return item;
    }

    /** The META item's GSI attributes: always in the keys' listing, in the due index only while upkeep is due. */
    static Map<String, AttributeValue> indexAttributes(KeyRecord key) {
        Map<String, AttributeValue> attributes = new HashMap<>();
        attributes.put(KeysTableSchema.ITEM_TYPE, s(KEY_TYPE));
        attributes.put(KeysTableSchema.ITEM_ID, s(key.keyId()));
        Instant due = key.upkeepDueAt();
        if (due != null) {
            attributes.put(KeysTableSchema.DUE_SHARD, s(DUE));
            attributes.put(KeysTableSchema.DUE_AT, time(due));
        }
        return attributes;
    }

    static KeyRecord toKey(Map<String, AttributeValue> item) {
        List<Tag> tags = item.get("Tags").l().stream()
                .map(t -> new Tag(t.m().get("TagKey").s(), t.m().get("TagValue").s()))
                .toList();
        Rotation rotation = new Rotation(
                item.get("RotationEnabled").bool(),
                Items.optionalInt(item, "RotationPeriodInDays"),
                Items.instant(item, "NextRotationDate"),
                Items.optionalInt(item, "OnDemandRotations"));
        return KeyRecord.builder()
                .keyId(Items.string(item, "KeyId"))
                .creationDate(Items.instant(item, "CreationDate"))
                .description(Items.string(item, "Description"))
                .keySpec(Items.constant(item, "KeySpec", KeySpec.class))
                .keyUsage(Items.constant(item, "KeyUsage", KeyUsage.class))
                .keyState(Items.constant(item, "KeyState", KeyState.class))
                .origin(Items.constant(item, "Origin", Origin.class))
                .currentMaterialId(Items.string(item, "CurrentKeyMaterialId"))
                .tags(tags)
                .deletionDate(Items.instant(item, "DeletionDate"))
                .pendingWindowInDays(Items.optionalInt(item, "PendingWindowInDays"))
                .rotation(rotation)
                .policy(Items.string(item, "Policy"))
                .expirationModel(Items.constant(item, "ExpirationModel", ExpirationModel.class))
                .validTo(Items.instant(item, "ValidTo"))
                .version(Items.number(item, "Version"))
                .build();
    }
}
