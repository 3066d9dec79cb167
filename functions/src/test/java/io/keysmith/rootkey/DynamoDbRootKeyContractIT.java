package io.keysmith.rootkey;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.RootKeyContract;
import io.keysmith.store.KeysTableSchema;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The root key contract on {@link DynamoDbRootKey} over DynamoDB Local: each test has a root-key table of its own. */
class DynamoDbRootKeyContractIT extends RootKeyContract {
    private static AmazonDynamoDBLocal local;
    private static DynamoDbClient dynamo;
    private static final AtomicInteger TABLES = new AtomicInteger();
    private String table;

    @BeforeAll
    static void start() {
        local = DynamoDBEmbedded.create(true);
        dynamo = local.dynamoDbClient();
    }

    @AfterAll
    static void stop() {
        local.shutdown();
    }

    /** A table holding a root key made by the explicit creation step. */
    private static String tableWithARootKey() {
        String name = "root-" + TABLES.incrementAndGet();
        dynamo.createTable(KeysTableSchema.rootKeyTable(name));
        if (!new DynamoDbRootKey(dynamo, name, new Randomness()).create()) {
            throw new AssertionError("no root key created in " + name);
        }
        return name;
    }

    @BeforeEach
    void createRootKey() {
        table = tableWithARootKey();
    }

    @Override
    protected RootKey rootKey() {
        return new DynamoDbRootKey(dynamo, table, new Randomness());
    }

    @Override
    protected RootKey reopened() {
        return new DynamoDbRootKey(dynamo, table, new Randomness());
    }

    @Override
    protected RootKey another() {
        return new DynamoDbRootKey(dynamo, tableWithARootKey(), new Randomness());
    }
}
