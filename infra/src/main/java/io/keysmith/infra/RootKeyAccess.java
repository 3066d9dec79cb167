package io.keysmith.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;

/**
 * The only ways into the DynamoDB root key. Serving functions may GetItem its one item (a
 * {@code dynamodb:LeadingKeys} condition on the partition key value) and, with the envelope, Decrypt
 * under its encryption context; the init step may GetItem and PutItem that item and Encrypt. No
 * scans, no other writes, no other KMS actions.
 */
final class RootKeyAccess {
    /** The root key item's partition key value, as io.keysmith.rootkey.DynamoDbRootKey.ITEM_PK. */
    static final String ITEM_PK = "ROOT_KEY";
    /** The envelope's encryption context, as DynamoDbRootKey.CONTEXT_PURPOSE_KEY / CONTEXT_PURPOSE. */
    static final String CONTEXT_CONDITION_KEY = "kms:EncryptionContext:keysmith:purpose";

    static final String CONTEXT_PURPOSE = "root-key";

    private RootKeyAccess() {}

    /** A serving function: read the item, open the envelope. */
    static void grantRead(IGrantable function, ITable table, IKey envelope) {
        grant(function, List.of("dynamodb:GetItem"), table, envelope, "kms:Decrypt");
        if (table.getEncryptionKey() != null) {
            // With tableEncryption=customer-managed, DynamoDB reads the item only for callers who may use the table's
            // key.
            table.getEncryptionKey().grant(function, "kms:Decrypt", "kms:DescribeKey");
        }
    }

    /**
     * The init custom resource: put the item (its conditional put is in the code) and seal it; read
     * the item to check an existing root key's protection (it never opens one: no Decrypt).
     */
    static void grantCreate(IGrantable function, ITable table, IKey envelope) {
        grant(function, List.of("dynamodb:GetItem", "dynamodb:PutItem"), table, envelope, "kms:Encrypt");
        if (table.getEncryptionKey() != null) {
            table.getEncryptionKey()
                    .grant(
                            function,
                            "kms:Decrypt",
                            "kms:DescribeKey",
                            "kms:Encrypt",
                            "kms:ReEncryptFrom",
                            "kms:ReEncryptTo",
                            "kms:GenerateDataKey",
                            "kms:GenerateDataKeyWithoutPlaintext");
        }
    }

    private static void grant(
            IGrantable function, List<String> tableActions, ITable table, IKey envelope, String kmsAction) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(function)
                .actions(tableActions)
                .resourceArns(List.of(table.getTableArn()))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(ITEM_PK))))
                .build());
        if (envelope != null) {
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                    .grantee(function)
                    .actions(List.of(kmsAction))
                    .resourceArns(List.of(envelope.getKeyArn()))
                    .conditions(Map.of("StringEquals", Map.of(CONTEXT_CONDITION_KEY, CONTEXT_PURPOSE)))
                    .build());
        }
    }

    /** The functions' environment for the root key's table and envelope. */
    static Map<String, String> environment(ITable table, IKey envelope) {
        return envelope == null
                ? Map.of(
                        "ROOT_KEY_MODE",
                        "dynamodb",
                        "ROOT_KEY_TABLE",
                        table.getTableName(),
                        "ROOT_KEY_PROTECTION",
                        "none")
                : Map.of(
                        "ROOT_KEY_MODE",
                        "dynamodb",
                        "ROOT_KEY_TABLE",
                        table.getTableName(),
                        "ROOT_KEY_PROTECTION",
                        "kms",
                        "ROOT_KEY_KMS_KEY_ARN",
                        envelope.getKeyArn());
    }
}
