package io.keysmith.store;

import io.keysmith.core.AliasStoreContract;
import io.keysmith.core.StorePorts;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alias store contract over DynamoDB Local on HTTP, through the Lambda functions' own DynamoDB client. */
class LeanClientAliasStoreContractIT extends AliasStoreContract {
    @RegisterExtension
    static final DynamoDbStores DYNAMO = DynamoDbStores.overHttpThroughTheLeanClient();

    @Override
    protected StorePorts emptyStores() {
        return DYNAMO.emptyStores();
    }
}
