package io.keysmith.store;

import io.keysmith.core.KeyStoreContract;
import io.keysmith.core.StorePorts;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key store contract on {@link DynamoDbKeyStore} over DynamoDB Local. */
class DynamoDbKeyStoreContractIT extends KeyStoreContract {
    @RegisterExtension
    static final DynamoDbStores DYNAMO = new DynamoDbStores();

    @Override
    protected StorePorts emptyStores() {
        return DYNAMO.emptyStores();
    }
}
