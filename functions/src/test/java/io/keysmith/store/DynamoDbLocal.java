package io.keysmith.store;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Embedded DynamoDB Local (telemetry off), started on first use and shut down by JUnit: register it with
 * {@code @RegisterExtension}, {@link #perTest()} on an instance field or {@link #perClass()} on a static one.
 */
public final class DynamoDbLocal implements AfterEachCallback, AfterAllCallback {
    private final boolean perTest;
    private AmazonDynamoDBLocal local;
    private DynamoDbClient client;

    private DynamoDbLocal(boolean perTest) {
        this.perTest = perTest;
    }

    /** A database for each test, shut down after it. */
    public static DynamoDbLocal perTest() {
        return new DynamoDbLocal(true);
    }

    /** One database for a test class, shut down after its last test. */
    public static DynamoDbLocal perClass() {
        return new DynamoDbLocal(false);
    }

    /** The database's client; the first call starts it. */
    public synchronized DynamoDbClient client() {
        if (local == null) {
            local = DynamoDBEmbedded.create(true); // true: telemetry off
            client = local.dynamoDbClient();
        }
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            shutdown();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        shutdown();
    }

    private synchronized void shutdown() {
        if (local != null) {
            local.shutdown();
            local = null;
            client = null;
        }
    }
}
