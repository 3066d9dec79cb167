package io.keysmith.local;

import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.RootKeyMigration;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.rootkey.Pkcs11RootKey;
import io.keysmith.store.DynamoDbKeyStore;
import io.keysmith.store.KeysTableUpgrade;
import io.keysmith.wiring.RootKeyMode;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The runner's one-shot commands, {@code init-root-key} and {@code migrate-root-key}: each works on
 * the local data dir, or on a deployment's tables in AWS when the options name them, and then ends.
 */
final class RootKeyCommands {
    private RootKeyCommands() {}

    /** A command's work on one pair of tables, whichever DynamoDB holds them. */
    private interface OnTables<T> {
        T run(DynamoDbClient dynamo, String keysTable, String rootKeyTable);
    }

    /** The deployment's tables through the default AWS credentials, or the data dir's in DynamoDB Local. */
    private static <T> T onTables(Options options, OnTables<T> command) throws IOException {
        if (options.deployed() != null) {
            Options.DeployedTables deployed = options.deployed();
            try (DynamoDbClient dynamo = DynamoDbClient.builder()
                    .region(Region.of(deployed.region()))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                return command.run(dynamo, deployed.keysTable(), deployed.rootKeyTable());
            }
        }
        try (EmbeddedDynamo local = EmbeddedDynamo.open(options)) {
            return command.run(local.client(), EmbeddedDynamo.KEYS_TABLE, EmbeddedDynamo.ROOT_KEY_TABLE);
        }
    }

    /**
     * {@code init-root-key}: creates the DynamoDB root key with a conditional put, in the data dir or in
     * a deployment's table, and opens it again to show the envelope works. Refuses when the keys
     * table (if known) already holds keys. Returns the line to print.
     */
    static String initRootKey(Options options) throws IOException {
        return onTables(
                options, (dynamo, keysTable, rootKeyTable) -> initRootKey(options, dynamo, keysTable, rootKeyTable));
    }

    private static String initRootKey(Options options, DynamoDbClient dynamo, String keysTable, String rootKeyTable) {
        DynamoDbRootKey rootKey = RootKeys.dynamodb(options, dynamo, rootKeyTable, new Randomness());
        if (rootKey.exists()) {
            return "init-root-key: " + rootKeyTable + " already holds a root key ("
                    + rootKey.protection().orElseThrow() + " protection); nothing changed";
        }
        if (keysTable != null && RootKeys.holdsItems(dynamo, keysTable)) {
            throw new IllegalStateException(keysTable + " holds keys but there is no root key; a new root key could "
                    + "not open them, so none is created (restore the root-key table from a backup)");
        }
        boolean created = rootKey.create();
        return "init-root-key: " + (created ? "created" : "another process just created") + " root key " + rootKey.id()
                + " in " + rootKeyTable + " (" + rootKey.protection().orElseThrow() + " protection)";
    }

    /**
     * {@code migrate-root-key}: rewraps every key's material under the root key of {@code --to}, in the
     * current wrap format, verifying each new wrap before it is written and every material after the
     * run, and reporting each step; safe to rerun. With {@code --dry-run} it only says what it would
     * change. It works on the local data dir, or on a deployment's tables in AWS when they are named.
     */
    static RootKeyMigration.Result migrate(Options options) throws IOException {
        return migrate(options, UnaryOperator.identity());
    }

    /** With a decorator of the target root key: a test injects a fault into the new wraps with it. */
    static RootKeyMigration.Result migrate(Options options, UnaryOperator<RootKey> target) throws IOException {
        return onTables(
                options,
                (dynamo, keysTable, rootKeyTable) -> migrate(options, dynamo, keysTable, rootKeyTable, target));
    }

    /**
     * From the other root key, if it exists, to the one of {@code --to}. Without the other one, only the
     * wrap format of material already under the target is upgraded. A dry run creates no root key.
     */
    private static RootKeyMigration.Result migrate(
            Options options,
            DynamoDbClient dynamo,
            String keysTable,
            String rootKeyTable,
            UnaryOperator<RootKey> target) {
        Randomness randomness = new Randomness();
        boolean dryRun = options.dryRun();
        if (!dryRun) {
            // The migration lists keys through the keys index: keys from before it must be in it first.
            KeysTableUpgrade.backfill(dynamo, keysTable);
        }
        Optional<RootKey> dynamoRootKey =
                DynamoDbRootKey.ifPresent(dynamo, rootKeyTable, randomness, RootKeys.envelope(options));
        RootKey from;
        RootKey to;
        if (options.migrateTo() == RootKeyMode.PKCS11) {
            to = dryRun
                    ? existingHsm(options)
                            .orElseGet(() -> new RootKeys.NotCreated(Pkcs11RootKey.idFor(options.pkcs11KeyLabel())))
                    : RootKeys.pkcs11(options);
            from = dynamoRootKey.orElse(null);
        } else {
            to = dynamoRootKey.orElseGet(() -> {
                if (dryRun) {
                    return new RootKeys.NotCreated("a new DynamoDB root key");
                }
                // Moving to the DynamoDB root key is an explicit step of its own: it may create that key (never
                // overwrite).
                DynamoDbRootKey created = RootKeys.dynamodb(options, dynamo, rootKeyTable, randomness);
                created.create();
                return created;
            });
            from = existingHsm(options).orElse(null);
        }
        RootKeyMigration migration =
                new RootKeyMigration(new DynamoDbKeyStore(dynamo, keysTable), from, target.apply(to), randomness);
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
}
