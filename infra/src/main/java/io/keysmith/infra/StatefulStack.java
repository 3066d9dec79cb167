package io.keysmith.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The tables and the root key's envelope key, in a stack of their own with termination protection: nothing here is ever replaced casually. */
public final class StatefulStack extends Stack {
    private final KeysmithTables tables;
    private final RootKeyEnvelopeKey envelope;

    public StatefulStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        setTerminationProtection(true);
        tables = new KeysmithTables(this, "Tables", settings);
        CfnOutput.Builder.create(this, "KeysTableName")
                .value(tables.keys().getTableName())
                .build();
        if (tables.rootKey() != null) {
            CfnOutput.Builder.create(this, "RootKeyTableName")
                    .value(tables.rootKey().getTableName())
                    .build();
        }
        envelope = settings.rootKeyEnvelope() ? new RootKeyEnvelopeKey(this, "RootKeyEnvelope") : null;
        if (envelope != null) {
            CfnOutput.Builder.create(this, "RootKeyKmsKeyArn")
                    .value(envelope.key().getKeyArn())
                    .build();
        }
    }

    /** The KMS key that seals the DynamoDB root key; null with rootKeyProtection=none or in cloudhsm mode. */
    public software.amazon.awscdk.services.kms.IKey rootKeyEnvelope() {
        return envelope == null ? null : envelope.key();
    }

    public KeysmithTables tables() {
        return tables;
    }
}
