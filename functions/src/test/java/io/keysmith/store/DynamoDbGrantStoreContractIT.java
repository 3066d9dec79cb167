package io.keysmith.store;

import io.keysmith.core.GrantStoreContract;
import io.keysmith.core.GrantStorePorts;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The grant store contract on {@link DynamoDbGrantStore} over DynamoDB Local. */
class DynamoDbGrantStoreContractIT extends GrantStoreContract {
    @RegisterExtension
    static final DynamoDbStores DYNAMO = new DynamoDbStores();

    @Override
    protected GrantStorePorts emptyStores() {
        return DYNAMO.emptyGrantStores();
    }
}
