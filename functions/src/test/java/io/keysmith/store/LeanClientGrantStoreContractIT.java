package io.keysmith.store;

import io.keysmith.core.GrantStoreContract;
import io.keysmith.core.GrantStorePorts;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The grant store contract over DynamoDB Local on HTTP, through the Lambda functions' own DynamoDB client. */
class LeanClientGrantStoreContractIT extends GrantStoreContract {
    @RegisterExtension
    static final DynamoDbStores DYNAMO = DynamoDbStores.overHttpThroughTheLeanClient();

    @Override
    protected GrantStorePorts emptyStores() {
        return DYNAMO.emptyGrantStores();
    }
}
