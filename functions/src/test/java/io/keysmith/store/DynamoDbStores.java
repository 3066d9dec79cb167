package io.keysmith.store;

import io.keysmith.core.GrantStorePorts;
import io.keysmith.core.StorePorts;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The stores over one DynamoDB Local for a test class, with a new, empty keys table for each test: register
 * it with {@code @RegisterExtension} on a static field.
 */
final class DynamoDbStores implements AfterAllCallback {
    private final DynamoDbLocal dynamo = DynamoDbLocal.perClass();
    private final AtomicInteger tables = new AtomicInteger();

    /** A key store and an alias store on a new keys table, made as a deployment makes it. */
    StorePorts emptyStores() {
        String table = "keys-" + tables.incrementAndGet();
        KeysTableUpgrade.createOrUpgrade(dynamo.client(), table);
        return new StorePorts(
                new DynamoDbKeyStore(dynamo.client(), table), new DynamoDbAliasStore(dynamo.client(), table));
    }

    /** A key store and a grant store on a new keys table, made as a deployment makes it. */
    GrantStorePorts emptyGrantStores() {
        String table = "keys-" + tables.incrementAndGet();
        KeysTableUpgrade.createOrUpgrade(dynamo.client(), table);
        return new GrantStorePorts(
                new DynamoDbKeyStore(dynamo.client(), table), new DynamoDbGrantStore(dynamo.client(), table));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        dynamo.afterAll(context);
    }
}
