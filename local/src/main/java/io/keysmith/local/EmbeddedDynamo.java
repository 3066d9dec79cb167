package io.keysmith.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.keysmith.store.KeysTableSchema;
import io.keysmith.store.KeysTableUpgrade;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * DynamoDB Local, embedded in-process (no socket of its own), with the runner's two tables; in
 * memory or in the data dir. Its one client is a {@link CommitWaitingDynamoDb}, so that the
 * runner's transactions are on disk when they answer.
 */
final class EmbeddedDynamo implements AutoCloseable {
    static final String KEYS_TABLE = "keysmith-keys";
    static final String ROOT_KEY_TABLE = "keysmith-root-key";
    private static final String DATABASE_FILE = "keysmith.db";
    /** Held so the level sticks: sqlite4java's start-up warnings are noise to a user. */
    private static final Logger SQLITE_LOG = Logger.getLogger("com.almworks.sqlite4java");

    private final AmazonDynamoDBLocal dynamoLocal;
    private final DynamoDbClient client;

    private EmbeddedDynamo(AmazonDynamoDBLocal dynamoLocal) {
        this.dynamoLocal = dynamoLocal;
        this.client = new CommitWaitingDynamoDb(dynamoLocal.dynamoDbClient(), KEYS_TABLE);
    }

    /** Starts DynamoDB Local and creates (or upgrades) both tables; a data dir is made owner-only. */
    static EmbeddedDynamo open(Options options) throws IOException {
        SQLITE_LOG.setLevel(Level.SEVERE);
        AmazonDynamoDBLocal dynamoLocal;
        if (options.inMemory()) {
            dynamoLocal = DynamoDBEmbedded.create(true); // true: telemetry off
        } else {
            Path database = DataDir.prepare(options.dataDir(), DATABASE_FILE);
            // true: telemetry off, which also keeps its dynamodb-local-metadata.json out of the working directory
            dynamoLocal = DynamoDBEmbedded.create(database.toFile(), true);
        }
        EmbeddedDynamo opened = new EmbeddedDynamo(dynamoLocal);
        int backfilled = KeysTableUpgrade.createOrUpgrade(opened.client, KEYS_TABLE);
        if (backfilled > 0) {
            System.out.println(
                    "Keysmith indexed " + backfilled + " keys and aliases written before the listing indexes");
        }
        createIfAbsent(opened.client, KeysTableSchema.rootKeyTable(ROOT_KEY_TABLE));
        if (!options.inMemory()) {
            DataDir.restrict(options.dataDir());
        }
        return opened;
    }

    /** The only client of this DynamoDB Local: every write through it is committed when it answers. */
    DynamoDbClient client() {
        return client;
    }

    private static void createIfAbsent(DynamoDbClient dynamo, CreateTableRequest request) {
        try {
            dynamo.createTable(request);
        } catch (ResourceInUseException exists) {
            // kept from an earlier run in the same data dir
        }
    }

    /** Stops DynamoDB Local; the data dir's files stay. */
    @Override
    public void close() {
        dynamoLocal.shutdown();
    }
}
