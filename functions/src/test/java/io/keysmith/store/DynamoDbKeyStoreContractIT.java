package io.keysmith.store;

import io.keysmith.core.KeyStoreContract;
import io.keysmith.core.StorePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The key store contract on {@link DynamoDbKeyStore} over DynamoDB Local. */
class DynamoDbKeyStoreContractIT extends KeyStoreContract {
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
