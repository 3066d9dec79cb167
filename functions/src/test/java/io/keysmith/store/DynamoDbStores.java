package io.keysmith.store;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.keysmith.core.GrantStorePorts;
import io.keysmith.core.StorePorts;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Embedded DynamoDB Local (telemetry off) for one test class, with a new, empty keys table for each test. */
final class DynamoDbStores implements AutoCloseable {
    private final AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
    private final DynamoDbClient dynamo = local.dynamoDbClient();
    private final AtomicInteger tables = new AtomicInteger();

    /** A key store and an alias store on a new keys table, made as a deployment makes it. */
    StorePorts emptyStores() {
        String table = "keys-" + tables.incrementAndGet();
        KeysTableUpgrade.createOrUpgrade(dynamo, table);
        return new StorePorts(new DynamoDbKeyStore(dynamo, table), new DynamoDbAliasStore(dynamo, table));
    }

    /** A key store and a grant store on a new keys table, made as a deployment makes it. */
    GrantStorePorts emptyGrantStores() {
        String table = "keys-" + tables.incrementAndGet();
        KeysTableUpgrade.createOrUpgrade(dynamo, table);
        return new GrantStorePorts(new DynamoDbKeyStore(dynamo, table), new DynamoDbGrantStore(dynamo, table));
    }

    @Override
    public void close() {
        local.shutdown();
    }
}
