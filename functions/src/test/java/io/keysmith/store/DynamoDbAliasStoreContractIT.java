package io.keysmith.store;

import io.keysmith.core.AliasStoreContract;
import io.keysmith.core.StorePorts;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alias store contract on {@link DynamoDbAliasStore} over DynamoDB Local. */
class DynamoDbAliasStoreContractIT extends AliasStoreContract {
    @RegisterExtension
    static final DynamoDbStores DYNAMO = new DynamoDbStores();

    @Override
    protected StorePorts emptyStores() {
        return DYNAMO.emptyStores();
    }
}
