package io.keysmith.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The tables, in a stack of their own with termination protection: nothing here is ever replaced casually. */
public final class StatefulStack extends Stack {
    private final KeysmithTables tables;

    public StatefulStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        setTerminationProtection(true);
        tables = new KeysmithTables(this, "Tables", settings);
        CfnOutput.Builder.create(this, "KeysTableName").value(tables.keys().getTableName()).build();
        if (tables.rootKey() != null) {
            CfnOutput.Builder.create(this, "RootKeyTableName").value(tables.rootKey().getTableName()).build();
        }
    }

    public KeysmithTables tables() {
        return tables;
    }
}
