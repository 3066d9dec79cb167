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
 * The one place the DynamoDB layout is defined. Keys table: {@code PK}/{@code SK} strings;
 * {@code KEY#<id>}/{@code META}, {@code KEY#<id>}/{@code MATERIAL#<materialId>},
 * {@code ALIAS#<name>}/{@code ALIAS}; the sparse GSI {@value #ALIASES_BY_KEY} lists a key's aliases.
 * Root-key table: {@code PK} string.
 */
public final class KeysTableSchema {
    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String ALIASES_BY_KEY = "AliasesByKey";
    public static final String TARGET_KEY_ID = "TargetKeyId";
    public static final String ALIAS_NAME = "AliasName";

    private KeysTableSchema() {
    }

    public static CreateTableRequest keysTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(PK), attribute(SK), attribute(TARGET_KEY_ID), attribute(ALIAS_NAME))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(ALIASES_BY_KEY)
                        .keySchema(key(TARGET_KEY_ID, KeyType.HASH), key(ALIAS_NAME, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
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
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
