package io.keysmith.store;

import static io.keysmith.store.Items.b;
import static io.keysmith.store.Items.s;
import static io.keysmith.store.Items.time;

import io.keysmith.core.KeyRecord;
import io.keysmith.core.KeyState;
import io.keysmith.core.KeyStore;
import io.keysmith.core.Page;
import io.keysmith.core.Tag;
import io.keysmith.core.WrappedMaterial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** {@link KeyStore} on the keys table. */
public final class DynamoDbKeyStore implements KeyStore {
    static final String META = "META";
    private static final String MATERIAL = "MATERIAL#";

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
        Map<String, AttributeValue> materialItem = new HashMap<>(Items.key(keyPk(key.keyId()), MATERIAL + material.materialId()));
        materialItem.put("KeyMaterialId", s(material.materialId()));
        materialItem.put("WrappedMaterial", b(material.wrapped()));
        materialItem.put("RootKeyId", s(material.rootKeyId()));
        materialItem.put("CreationDate", time(material.creationDate()));
        dynamo.transactWriteItems(r -> r.transactItems(
                putNew(metaItem(key)),
                putNew(materialItem)));
    }

    private TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(PK)")
                .build()).build();
    }

    @Override
    public Optional<KeyRecord> find(String keyId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Items.key(keyPk(keyId), META)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toKey(item));
    }

    @Override
    public Optional<WrappedMaterial> findMaterial(String keyId, String materialId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Items.key(keyPk(keyId), MATERIAL + materialId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WrappedMaterial(keyId, materialId, Items.bytes(item, "WrappedMaterial"),
                Items.string(item, "RootKeyId"), Items.instant(item, "CreationDate")));
    }

    /** ListKeys is not on a cryptographic path, so a scan of the META items serves it. */
    @Override
    public Page<KeyRecord> list(int limit, String afterKeyId) {
        List<KeyRecord> all = new ArrayList<>();
        ScanRequest scan = ScanRequest.builder().tableName(table)
                .filterExpression("SK = :meta")
                .expressionAttributeValues(Map.of(":meta", s(META)))
                .consistentRead(true)
                .build();
        dynamo.scanPaginator(scan).items().forEach(item -> all.add(toKey(item)));
        all.sort(Comparator.comparing(KeyRecord::keyId));
        return Pages.after(all, KeyRecord::keyId, afterKeyId, limit);
    }

    private static Map<String, AttributeValue> metaItem(KeyRecord key) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(keyPk(key.keyId()), META));
        item.put("KeyId", s(key.keyId()));
        item.put("CreationDate", time(key.creationDate()));
        item.put("Description", s(key.description()));
        item.put("KeySpec", s(key.keySpec()));
        item.put("KeyUsage", s(key.keyUsage()));
        item.put("KeyState", s(key.keyState().name()));
        item.put("Origin", s(key.origin()));
        item.put("CurrentKeyMaterialId", s(key.currentMaterialId()));
        item.put("Tags", AttributeValue.fromL(key.tags().stream()
                .map(t -> AttributeValue.fromM(Map.of("TagKey", s(t.key()), "TagValue", s(t.value()))))
                .toList()));
        item.put("Version", Items.n(key.version()));
        return item;
    }

    private static KeyRecord toKey(Map<String, AttributeValue> item) {
        List<Tag> tags = item.get("Tags").l().stream()
                .map(t -> new Tag(t.m().get("TagKey").s(), t.m().get("TagValue").s()))
                .toList();
        return new KeyRecord(
                Items.string(item, "KeyId"),
                Items.instant(item, "CreationDate"),
                Items.string(item, "Description"),
                Items.string(item, "KeySpec"),
                Items.string(item, "KeyUsage"),
                KeyState.valueOf(Items.string(item, "KeyState")),
                Items.string(item, "Origin"),
                Items.string(item, "CurrentKeyMaterialId"),
                tags,
                Items.number(item, "Version"));
    }
}
