package io.keysmith.store;

import io.keysmith.core.AliasStoreContract;
import io.keysmith.core.StorePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The alias store contract on {@link DynamoDbAliasStore} over DynamoDB Local. */
class DynamoDbAliasStoreContractIT extends AliasStoreContract {
    private static DynamoDbStores dynamo;

    @BeforeAll
    static void start() {
        dynamo = new DynamoDbStores();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @Override
    protected StorePorts emptyStores() {
        return dynamo.emptyStores();
    }
}
