package io.keysmith.rootkey;

import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.RootKeyContract;
import io.keysmith.store.DynamoDbLocal;
import io.keysmith.store.KeysTableSchema;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The root key contract on {@link DynamoDbRootKey} over DynamoDB Local: each test has a root-key table of its own. */
class DynamoDbRootKeyContractIT extends RootKeyContract {
    @RegisterExtension
    static final DynamoDbLocal DYNAMO = DynamoDbLocal.perClass();

    private static final AtomicInteger TABLES = new AtomicInteger();
    private String table;

    /** A table holding a root key made by the explicit creation step. */
    private static String tableWithARootKey() {
        String name = "root-" + TABLES.incrementAndGet();
        DYNAMO.client().createTable(KeysTableSchema.rootKeyTable(name));
        if (!new DynamoDbRootKey(DYNAMO.client(), name, new Randomness()).create()) {
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
        return new DynamoDbRootKey(DYNAMO.client(), table, new Randomness());
    }

    @Override
    protected RootKey reopened() {
        return new DynamoDbRootKey(DYNAMO.client(), table, new Randomness());
    }

    @Override
    protected RootKey another() {
        return new DynamoDbRootKey(DYNAMO.client(), tableWithARootKey(), new Randomness());
    }
}
