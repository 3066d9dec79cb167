package io.keysmith.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.api.KmsApi;
import io.keysmith.api.RequestRecord;
import io.keysmith.core.Keysmith;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.RootKeyMigration;
import io.keysmith.enclave.AttestationVerifier;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.rootkey.Pkcs11RootKey;
import io.keysmith.store.DynamoDbAliasStore;
import io.keysmith.store.DynamoDbKeyStore;
import io.keysmith.store.KeysTableSchema;
import io.keysmith.store.KeysTableUpgrade;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * Keysmith on a laptop: the same api and core as the Lambda, behind an HTTP server on 127.0.0.1,
 * with DynamoDB Local embedded in-process (no socket of its own). Requests signed by any
 * credentials are accepted, as LocalStack does, unless {@code --identities} names the access keys
 * whose SigV4 signatures it verifies.
 */
public final class LocalRunner implements AutoCloseable {
    static final String KEYS_TABLE = "keysmith-keys";
    static final String ROOT_KEY_TABLE = "keysmith-root-key";
    private static final String DATABASE_FILE = "keysmith.db";
    private static final long SWEEP_MINUTES = 1;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalRunner.class);
    /** Held so the level sticks: sqlite4java's start-up warnings are noise to a user. */
    private static final Logger SQLITE_LOG = Logger.getLogger("com.almworks.sqlite4java");

    private static final long STOP_GRACE_MS = 10_000;

    private final AmazonDynamoDBLocal dynamoLocal;
    private final LocalHttpServer server;
    private final ScheduledExecutorService upkeep;

    private LocalRunner(AmazonDynamoDBLocal dynamoLocal, LocalHttpServer server, ScheduledExecutorService upkeep) {
        this.dynamoLocal = dynamoLocal;
        this.server = server;
        this.upkeep = upkeep;
    }

    /** Deletes keys whose waiting period has passed and rotates keys that are due, for keys nobody reads. */
    private static void sweep(Keysmith keysmith) {
        try {
            keysmith.sweep();
        } catch (RuntimeException e) {
            LOG.warn("key upkeep sweep failed; it runs again in {} minute(s)", SWEEP_MINUTES, e);
        }
    }

    public static LocalRunner start(Options options) throws IOException {
        return start(options, Clock.systemUTC());
    }

    /** With a clock of the caller's, so that tests can move time past deletion windows and rotation dates. */
    static LocalRunner start(Options options, Clock clock) throws IOException {
        return start(options, clock, System.out::println);
    }

    /**
     * The port is bound first, so that a port in use is reported before DynamoDB Local starts (its
     * threads would keep the JVM alive); requests wait in the backlog until the api is ready.
     */
    static LocalRunner start(Options options, Clock clock, Consumer<String> requestLog) throws IOException {
        if (!options.inMemory() && Files.exists(options.dataDir()) && !Files.isDirectory(options.dataDir())) {
            throw new IllegalArgumentException("--data-dir " + options.dataDir() + " is not a directory");
        }
        Authentication authentication = authentication(options, clock);
        LocalHttpServer server;
        try {
            server = LocalHttpServer.bind(options.port(), java.util.Set.copyOf(options.allowedHosts()), requestLog);
        } catch (java.net.BindException e) {
            throw new PortInUseException(options.port());
        }
        AmazonDynamoDBLocal dynamoLocal;
        try {
            dynamoLocal = openDynamo(options);
        } catch (RuntimeException | IOException e) {
            server.close();
            throw e;
        }
        try {
            DynamoDbClient dynamo = client(dynamoLocal);
            Randomness randomness = new Randomness();
            RootKey rootKey = RootKeys.of(options.rootKey(), options, dynamo, randomness);
            Keysmith keysmith = new Keysmith(
                    new DynamoDbKeyStore(dynamo, KEYS_TABLE),
                    new DynamoDbAliasStore(dynamo, KEYS_TABLE),
                    rootKey,
                    RootKeys.earlier(rootKey, options, dynamo, randomness),
                    new KmsLocation(options.region(), options.account()),
                    randomness,
                    clock);
            KmsApi api = new KmsApi(keysmith, options.enclaveTrustAnchor() == null
                    ? AttestationVerifier.awsNitroRoot(clock)
                    : AttestationVerifier.trusting(options.enclaveTrustAnchor(), clock));
            System.out.println(callers(options, authentication));
            server.start(authentication, (target, body, caller) -> answer(api, target, body, caller));
            ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor();
            upkeep.scheduleWithFixedDelay(() -> sweep(keysmith), 0, SWEEP_MINUTES, TimeUnit.MINUTES);
            return new LocalRunner(dynamoLocal, server, upkeep);
        } catch (RuntimeException e) {
            server.close();
            dynamoLocal.shutdown();
            throw e;
        }
    }

    /** A port another process holds: one line for the user, no stack trace. */
    static final class PortInUseException extends IllegalStateException {
        PortInUseException(int port) {
            super("port " + port + " is already in use");
        }
    }

    /** With --identities, SigV4 as AWS KMS verifies it; without, every caller is the account's root. */
    private static Authentication authentication(Options options, Clock clock) {
        if (options.identities() == null) {
            return Authentication.everyoneIsAccountRoot(options.account());
        }
        return new SigV4Verifier(Identities.load(options.identities()), options.region(), clock);
    }

    /** The start-up line that says who the callers are. */
    private static String callers(Options options, Authentication authentication) {
        return authentication instanceof SigV4Verifier verifier
                ? "Keysmith verifies SigV4 signatures (service kms, region " + options.region() + ") of "
                        + verifier.identityCount() + " identities from " + options.identities()
                : "no --identities: every caller is arn:aws:iam::" + options.account() + ":root";
    }

    private static LocalHttpServer.Answer answer(KmsApi api, String target, byte[] body, io.keysmith.core.Caller caller) {
        ApiRequest request = new ApiRequest(target, body, caller);
        ApiResponse response = api.handle(request);
        request.wipe();
        RequestRecord r = response.record();
        // The body may hold a plaintext or a private key: wiped once it is sent.
        return new LocalHttpServer.Answer(response.status(), response.body(), r.operation(), r.keyArn(),
                r.outcome().equals("Success") ? null : r.outcome(), response::wipe);
    }

    /** The client to the embedded DynamoDB Local, whose transactions are on disk when they answer. */
    private static DynamoDbClient client(AmazonDynamoDBLocal dynamoLocal) {
        return new CommitWaitingDynamoDb(dynamoLocal.dynamoDbClient(), KEYS_TABLE);
    }

    /** DynamoDB Local, embedded, with both tables; in memory or in the data dir. */
    private static AmazonDynamoDBLocal openDynamo(Options options) throws IOException {
        SQLITE_LOG.setLevel(Level.SEVERE);
        AmazonDynamoDBLocal dynamoLocal;
        if (options.inMemory()) {
            dynamoLocal = DynamoDBEmbedded.create(true); // true: telemetry off
        } else {
            Path database = DataDir.prepare(options.dataDir(), DATABASE_FILE);
            // true: telemetry off, which also keeps its dynamodb-local-metadata.json out of the working directory
            dynamoLocal = DynamoDBEmbedded.create(database.toFile(), true);
        }
        DynamoDbClient dynamo = client(dynamoLocal);
        int backfilled = KeysTableUpgrade.createOrUpgrade(dynamo, KEYS_TABLE);
        if (backfilled > 0) {
            System.out.println("Keysmith indexed " + backfilled + " keys and aliases written before the listing indexes");
        }
        createIfAbsent(dynamo, KeysTableSchema.rootKeyTable(ROOT_KEY_TABLE));
        if (!options.inMemory()) {
            DataDir.restrict(options.dataDir());
        }
        return dynamoLocal;
    }

    /**
     * {@code init-root-key}: creates the DynamoDB root key with a conditional put, in the data dir or in
     * a deployment's table, and opens it again to show the envelope works. Refuses when the keys
     * table (if known) already holds keys. Returns the line to print.
     */
    static String initRootKey(Options options) throws IOException {
        if (options.deployed() != null) {
            Options.DeployedTables deployed = options.deployed();
            try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.of(deployed.region()))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                return initRootKey(options, dynamo, deployed.keysTable(), deployed.rootKeyTable());
            }
        }
        AmazonDynamoDBLocal dynamoLocal = openDynamo(options);
        try {
            return initRootKey(options, client(dynamoLocal), KEYS_TABLE, ROOT_KEY_TABLE);
        } finally {
            dynamoLocal.shutdown();
        }
    }

    private static String initRootKey(Options options, DynamoDbClient dynamo, String keysTable, String rootKeyTable) {
        DynamoDbRootKey rootKey = RootKeys.dynamodb(options, dynamo, rootKeyTable, new Randomness());
        if (rootKey.exists()) {
            return "init-root-key: " + rootKeyTable + " already holds a root key (" + rootKey.protection().orElseThrow()
                    + " protection); nothing changed";
        }
        if (keysTable != null && RootKeys.holdsItems(dynamo, keysTable)) {
            throw new IllegalStateException(keysTable + " holds keys but there is no root key; a new root key could "
                    + "not open them, so none is created (restore the root-key table from a backup)");
        }
        boolean created = rootKey.create();
        return "init-root-key: " + (created ? "created" : "another process just created") + " root key "
                + rootKey.id() + " in " + rootKeyTable + " (" + rootKey.protection().orElseThrow() + " protection)";
    }

    /**
     * Rewraps every key's material under the root key of {@code --to}, in the current wrap format,
     * verifying each new wrap before it is written and every material after the run, and reporting each
     * step; safe to rerun. With {@code --dry-run} it only says what it would change. It works on the
     * local data dir, or on a deployment's tables in AWS when they are named.
     */
    static RootKeyMigration.Result migrate(Options options) throws IOException {
        return migrate(options, UnaryOperator.identity());
    }

    /** With a decorator of the target root key: a test injects a fault into the new wraps with it. */
    static RootKeyMigration.Result migrate(Options options, UnaryOperator<RootKey> target) throws IOException {
        if (options.deployed() != null) {
            Options.DeployedTables deployed = options.deployed();
            try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.of(deployed.region()))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                return migrate(options, dynamo, deployed.keysTable(), deployed.rootKeyTable(), target);
            }
        }
        AmazonDynamoDBLocal dynamoLocal = openDynamo(options);
        try {
            return migrate(options, client(dynamoLocal), KEYS_TABLE, ROOT_KEY_TABLE, target);
        } finally {
            dynamoLocal.shutdown();
        }
    }

    /**
     * From the other root key, if it exists, to the one of {@code --to}. Without the other one, only the
     * wrap format of material already under the target is upgraded. A dry run creates no root key.
     */
    private static RootKeyMigration.Result migrate(Options options, DynamoDbClient dynamo, String keysTable,
                                                   String rootKeyTable, UnaryOperator<RootKey> target) {
        Randomness randomness = new Randomness();
        boolean dryRun = options.dryRun();
        if (!dryRun) {
            // The migration lists keys through the keys index: keys from before it must be in it first.
            KeysTableUpgrade.backfill(dynamo, keysTable);
        }
        Optional<RootKey> dynamoRootKey = DynamoDbRootKey.ifPresent(dynamo, rootKeyTable, randomness,
                RootKeys.envelope(options));
        RootKey from;
        RootKey to;
        if (options.migrateTo().equals("pkcs11")) {
            to = dryRun ? existingHsm(options).orElseGet(() -> new RootKeys.NotCreated(
                    Pkcs11RootKey.idFor(options.pkcs11KeyLabel()))) : RootKeys.pkcs11(options);
            from = dynamoRootKey.orElse(null);
        } else {
            to = dynamoRootKey.orElseGet(() -> {
                if (dryRun) {
                    return new RootKeys.NotCreated("a new DynamoDB root key");
                }
                // Moving to the DynamoDB root key is an explicit step of its own: it may create that key (never overwrite).
                DynamoDbRootKey created = RootKeys.dynamodb(options, dynamo, rootKeyTable, randomness);
                created.create();
                return created;
            });
            from = existingHsm(options).orElse(null);
        }
        RootKeyMigration migration = new RootKeyMigration(new DynamoDbKeyStore(dynamo, keysTable), from,
                target.apply(to), randomness);
        Consumer<String> print = line -> {
            System.out.println(line);
            System.out.flush();
        };
        return dryRun ? migration.dryRun(print) : migration.run(print);
    }

    private static Optional<RootKey> existingHsm(Options options) {
        try {
            return Optional.of(RootKeys.existingPkcs11(options));
        } catch (Pkcs11RootKey.KeyMissingException none) {
            return Optional.empty();
        }
    }

    public int port() {
        return server.port();
    }

    private static void createIfAbsent(DynamoDbClient dynamo, CreateTableRequest request) {
        try {
            dynamo.createTable(request);
        } catch (ResourceInUseException exists) {
            // kept from an earlier run in the same data dir
        }
    }

    @Override
    public void close() {
        stop(0);
    }

    /** Stops taking requests, lets those in flight finish for up to {@code graceMs}, then closes the store. */
    void stop(long graceMs) {
        upkeep.shutdownNow();
        server.stop(graceMs);
        dynamoLocal.shutdown();
    }

    public static void main(String[] args) {
        // The runner prints its own request line (below); KmsApi's structured line is for the Lambda's JSON log.
        System.setProperty("org.slf4j.simpleLogger.log.io.keysmith.api.KmsApi", "warn");
        if (Options.wantsHelp(args)) {
            System.out.print(Options.USAGE);
            System.out.flush();
            System.exit(0);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("keysmith-local: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            if (options.migrateTo() != null) {
                migrate(options);
                System.exit(0); // DynamoDB Local leaves a worker thread behind that would keep the JVM alive
            }
            if (options.initRootKey()) {
                System.out.println(initRootKey(options));
                System.out.flush();
                System.exit(0);
            }
            LocalRunner runner = start(options);
            stopOnSignal(runner, "TERM");
            stopOnSignal(runner, "INT");
            System.out.println("Keysmith listening on http://127.0.0.1:" + runner.port());
            System.out.flush();
        } catch (IllegalArgumentException | IllegalStateException e) {
            fail(e.getMessage());
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // AWS refused or could not be reached (credentials, permissions, a table or key that is not there)
            fail(e.getMessage());
        } catch (IOException e) {
            fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("keysmith-local: " + message);
        System.err.flush();
        System.exit(1);
    }

    /**
     * SIGTERM or Ctrl-C: a "stopping" line, requests in flight finish (up to {@value #STOP_GRACE_MS} ms),
     * exit 0. A JVM left to its default would exit 143 without waiting for them.
     */
    private static void stopOnSignal(LocalRunner runner, String signal) {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> {
            System.out.println("Keysmith stopping (SIG" + signal + "): finishing requests in flight");
            System.out.flush();
            runner.stop(STOP_GRACE_MS);
            System.out.println("Keysmith stopped");
            System.out.flush();
            System.exit(0);
        });
    }
}
