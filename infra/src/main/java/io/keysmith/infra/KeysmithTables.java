package io.keysmith.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The keys table and the root-key table, as {@code io.keysmith.store.KeysTableSchema} defines them
 * (a template test holds the two together).
 * Both are retained, deletion-protected and recoverable to a point in time; their logical ids are
 * fixed so that no refactoring of this code can replace them.
 */
public final class KeysmithTables extends Construct {
    public static final String KEYS_TABLE_ID = "KeysTable";
    public static final String ROOT_KEY_TABLE_ID = "RootKeyTable";
    private final Table keys;
    private final Table rootKey;

    public KeysmithTables(Construct scope, String id, Settings settings) {
        super(scope, id);
        TableEncryption encryption = settings.tableEncryption().equals("customer-managed")
                ? TableEncryption.CUSTOMER_MANAGED
                : TableEncryption.DEFAULT;
        keys = table(KEYS_TABLE_ID, encryption, true);
        keys.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("AliasesByKey")
                .partitionKey(string("TargetKeyId"))
                .sortKey(string("AliasName"))
                .projectionType(ProjectionType.ALL)
                .build());
        // ListKeys and ListAliases page through one partition per item type, in id order: no Scan.
        keys.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("ItemsByType")
                .partitionKey(string("ItemType"))
                .sortKey(string("ItemId"))
                .projectionType(ProjectionType.ALL)
                .build());
        // Sparse: only keys that upkeep must look at (deletion or rotation date), so the sweep reads only those.
        keys.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("KeysByDueTime")
                .partitionKey(string("DueShard"))
                .sortKey(Attribute.builder()
                        .name("DueAt")
                        .type(AttributeType.NUMBER)
                        .build())
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
        // Sparse: only grants with a retiring principal, for ListRetirableGrants across keys.
        keys.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("GrantsByRetiringPrincipal")
                .partitionKey(string("RetiringPrincipal"))
                .sortKey(string("GrantRef"))
                .projectionType(ProjectionType.ALL)
                .build());
        // The root-key table exists only where the root key lives in DynamoDB.
        rootKey = settings.cloudHsm() ? null : table(ROOT_KEY_TABLE_ID, encryption, false);
    }

    private Table table(String id, TableEncryption encryption, boolean withSortKey) {
        Table.Builder builder = Table.Builder.create(this, id)
                .partitionKey(string("PK"))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(true)
                .encryption(encryption)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (withSortKey) {
            builder.sortKey(string("SK"));
        }
        Table table = builder.build();
        ((CfnTable) table.getNode().getDefaultChild()).overrideLogicalId(id);
        return table;
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    public Table keys() {
        return keys;
    }

    /** Null in cloudhsm mode. */
    public Table rootKey() {
        return rootKey;
    }
}
