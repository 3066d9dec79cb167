package io.keysmith.store;

import io.keysmith.core.GrantStorePorts;
import io.keysmith.core.StorePorts;
import io.keysmith.lambda.DynamoDbLocalServer;
import io.keysmith.lambda.aws.LeanDynamoDbClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The stores over one DynamoDB Local for a test class, with a new, empty keys table for each test: register
 * it with {@code @RegisterExtension} on a static field. Embedded and reached through the SDK's client, as the local
 * runner reaches it, or over HTTP through the Lambda functions' own client ({@link #overHttpThroughTheLeanClient}).
 */
final class DynamoDbStores implements AfterAllCallback {
    private final DynamoDbLocal embedded = DynamoDbLocal.perClass();
    private final boolean overHttp;
    private final AtomicInteger tables = new AtomicInteger();
    private DynamoDbLocalServer server;
    private DynamoDbClient lean;

    DynamoDbStores() {
        this(false);
    }

    private DynamoDbStores(boolean overHttp) {
        this.overHttp = overHttp;
    }

    static DynamoDbStores overHttpThroughTheLeanClient() {
        return new DynamoDbStores(true);
    }

    private synchronized DynamoDbClient client() {
        if (!overHttp) {
            return embedded.client();
        }
        if (server == null) {
            try {
                server = new DynamoDbLocalServer();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
            lean = LeanDynamoDbClient.fromEnvironment(
                    "eu-west-1",
                    Map.of(
                            "AWS_ENDPOINT_URL_DYNAMODB", server.endpoint().toString(),
                            "AWS_ACCESS_KEY_ID", "test",
                            "AWS_SECRET_ACCESS_KEY", "test"));
        }
        return lean;
    }

    /** A key store and an alias store on a new keys table, made as a deployment makes it. */
    StorePorts emptyStores() {
        String table = "keys-" + tables.incrementAndGet();
        KeysTableUpgrade.createOrUpgrade(client(), table);
        return new StorePorts(new DynamoDbKeyStore(client(), table), new DynamoDbAliasStore(client(), table));
    }

    /** A key store and a grant store on a new keys table, made as a deployment makes it. */
    GrantStorePorts emptyGrantStores() {
        String table = "keys-" + tables.incrementAndGet();
        KeysTableUpgrade.createOrUpgrade(client(), table);
        return new GrantStorePorts(new DynamoDbKeyStore(client(), table), new DynamoDbGrantStore(client(), table));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        embedded.afterAll(context);
        synchronized (this) {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
