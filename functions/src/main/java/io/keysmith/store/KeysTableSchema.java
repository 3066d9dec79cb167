package io.keysmith.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The tables' definitions: key schemas, attribute types and indexes. The local runner creates its
 * tables from them; the CDK construct {@code KeysmithTables} declares the deployed tables again, and
 * a template test checks that the two agree. The items themselves are written by
 * {@link DynamoDbKeyStore} and {@link DynamoDbAliasStore}. Keys table: {@code PK}/{@code SK} strings;
 * {@code KEY#<id>}/{@code META}, {@code KEY#<id>}/{@code MATERIAL#<materialId>},
 * {@code ALIAS#<name>}/{@code ALIAS}. Three sparse GSIs, so that no listing scans the table:
 * <ul>
 *   <li>{@value #ALIASES_BY_KEY} lists a key's aliases ({@code TargetKeyId}, {@code AliasName});</li>
 *   <li>{@value #ITEMS_BY_TYPE} lists all keys or all aliases in id order: {@code ItemType} is {@code KEY}
 *       on META items and {@code ALIAS} on alias items (one partition per type), {@code ItemId} the key id
 *       or alias name; materials carry neither;</li>
 *   <li>{@value #KEYS_BY_DUE_TIME} holds only keys that upkeep must look at ({@code DueShard} = {@code DUE},
 *       {@code DueAt} = epoch millis of the deletion date or the next rotation), keys only;</li>
 *   <li>{@value #GRANTS_BY_RETIRING_PRINCIPAL} lists the grants a principal may retire, across keys
 *       ({@code RetiringPrincipal}, {@code GrantRef} = {@code <keyId>/<grantId>}), grants with a retiring
 *       principal only.</li>
 * </ul>
 * Grants live in their key's partition ({@link DynamoDbGrantStore}): {@code KEY#<id>}/{@code GRANT#<grantId>},
 * with {@code KEY#<id>}/{@code GRANTS} counting them and {@code KEY#<id>}/{@code GRANTNAME#<digest>} marking a
 * named grant's request, so that a key's grants are listed with a Query of its partition.
 * The item {@code SCHEMA}/{@code INDEXES} records that items written before these indexes existed
 * have been given their attributes ({@link KeysTableUpgrade}). The RSA pool's sealed pairs are items
 * {@code KEYPAIRPOOL#<spec>}/{@code PAIR#<itemId>} ({@link DynamoDbKeyPairPool}), with no index attribute.
 * Root-key table: {@code PK} string.
 */
public final class KeysTableSchema {
    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String ALIASES_BY_KEY = "AliasesByKey";
    public static final String TARGET_KEY_ID = "TargetKeyId";
    public static final String ALIAS_NAME = "AliasName";
    public static final String ITEMS_BY_TYPE = "ItemsByType";
    public static final String ITEM_TYPE = "ItemType";
    public static final String ITEM_ID = "ItemId";
    public static final String KEYS_BY_DUE_TIME = "KeysByDueTime";
    public static final String DUE_SHARD = "DueShard";
    public static final String DUE_AT = "DueAt";
    public static final String GRANTS_BY_RETIRING_PRINCIPAL = "GrantsByRetiringPrincipal";
    public static final String RETIRING_PRINCIPAL = "RetiringPrincipal";
    public static final String GRANT_REF = "GrantRef";

    private KeysTableSchema() {}

    public static CreateTableRequest keysTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(PK),
                        attribute(SK),
                        attribute(TARGET_KEY_ID),
                        attribute(ALIAS_NAME),
                        attribute(ITEM_TYPE),
                        attribute(ITEM_ID),
                        attribute(DUE_SHARD),
                        attribute(RETIRING_PRINCIPAL),
                        attribute(GRANT_REF),
                        AttributeDefinition.builder()
                                .attributeName(DUE_AT)
                                .attributeType(ScalarAttributeType.N)
                                .build())
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(keysTableIndexes())
                .build();
    }

    /** The keys table's GSIs, in the order they were added (an existing table gets the missing ones). */
    public static java.util.List<GlobalSecondaryIndex> keysTableIndexes() {
        return java.util.List.of(
                index(ALIASES_BY_KEY, TARGET_KEY_ID, ALIAS_NAME, ProjectionType.ALL),
                index(ITEMS_BY_TYPE, ITEM_TYPE, ITEM_ID, ProjectionType.ALL),
                index(KEYS_BY_DUE_TIME, DUE_SHARD, DUE_AT, ProjectionType.KEYS_ONLY),
                index(GRANTS_BY_RETIRING_PRINCIPAL, RETIRING_PRINCIPAL, GRANT_REF, ProjectionType.ALL));
    }

    private static GlobalSecondaryIndex index(
            String name, String partitionKey, String sortKey, ProjectionType projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
                .projection(Projection.builder().projectionType(projection).build())
                .build();
    }

    public static CreateTableRequest rootKeyTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(PK))
                .keySchema(key(PK, KeyType.HASH))
                .build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
