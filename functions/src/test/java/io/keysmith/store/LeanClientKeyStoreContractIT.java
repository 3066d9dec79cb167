package io.keysmith.store;

import io.keysmith.core.KeyStoreContract;
import io.keysmith.core.StorePorts;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key store contract over DynamoDB Local on HTTP, through the Lambda functions' own DynamoDB client. */
class LeanClientKeyStoreContractIT extends KeyStoreContract {
    @RegisterExtension
    static final DynamoDbStores DYNAMO = DynamoDbStores.overHttpThroughTheLeanClient();

    @Override
    protected StorePorts emptyStores() {
        return DYNAMO.emptyStores();
    }
}
