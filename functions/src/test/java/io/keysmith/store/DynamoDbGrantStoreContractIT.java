package io.keysmith.store;

import io.keysmith.core.GrantStoreContract;
import io.keysmith.core.GrantStorePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The grant store contract on {@link DynamoDbGrantStore} over DynamoDB Local. */
class DynamoDbGrantStoreContractIT extends GrantStoreContract {
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
    protected GrantStorePorts emptyStores() {
        return dynamo.emptyGrantStores();
    }
}
