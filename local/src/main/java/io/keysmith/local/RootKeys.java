package io.keysmith.local;

import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
import io.keysmith.rootkey.AwsKmsEnvelope;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.rootkey.Pkcs11RootKey;
import io.keysmith.rootkey.RootKeyEnvelope;
import io.keysmith.wiring.RootKeyMode;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The runner's root keys: the one its mode names, which wraps new material, and the other one when
 * it exists, so that material not yet moved by a migration still opens.
 */
final class RootKeys {
    private RootKeys() {}

    /** The DynamoDB root key of {@code table}, sealed as the options say; nothing is read or created. */
    static DynamoDbRootKey dynamodb(Options options, DynamoDbClient dynamo, String table, Randomness randomness) {
        return new DynamoDbRootKey(dynamo, table, randomness, envelope(options), name -> {});
    }

    /** With {@code --root-key-kms-key}, an AWS KMS envelope; otherwise the plain item of a local data dir. */
    static RootKeyEnvelope envelope(Options options) {
        Options.RootKeyKms kms = options.rootKeyKms();
        return kms == null ? RootKeyEnvelope.none() : AwsKmsEnvelope.create(kms.region(), kms.endpoint(), kms.keyId());
    }

    /**
     * The runner's DynamoDB root key, opened now so that a wrong envelope stops start-up. A brand-new
     * store (no root key and an empty keys table) gets one, as the explicit first-start step, with a
     * line saying so. A store that holds keys but no root key is refused: a new root key could never
     * open those keys, and making one would hide that they are lost.
     */
    static DynamoDbRootKey dynamodbAtStart(Options options, DynamoDbClient dynamo, Randomness randomness) {
        DynamoDbRootKey rootKey = dynamodb(options, dynamo, EmbeddedDynamo.ROOT_KEY_TABLE, randomness);
        if (!rootKey.exists()) {
            String where = options.inMemory() ? "memory" : "the data dir " + options.dataDir();
            if (holdsItems(dynamo, EmbeddedDynamo.KEYS_TABLE)) {
                throw new IllegalStateException(where + " holds keys but no root key; refusing to start, because a "
                        + "new root key could not open them (restore the root-key table from a backup)");
            }
            rootKey.create();
            System.out.println("Keysmith created a new root key in " + where + " (first start, "
                    + rootKey.protection().orElseThrow() + " protection)");
        }
        rootKey.id();
        return rootKey;
    }

    static boolean holdsItems(DynamoDbClient dynamo, String table) {
        return io.keysmith.store.KeysTableUpgrade.holdsKeysOrAliases(dynamo, table);
    }

    private static Pkcs11RootKey.Settings pkcs11Settings(Options options) {
        String pin = System.getenv(options.pkcs11PinEnv());
        if (pin == null) {
            throw new IllegalArgumentException(
                    "the environment variable " + options.pkcs11PinEnv() + " named by --pkcs11-pin-env is not set");
        }
        return new Pkcs11RootKey.Settings(
                options.pkcs11Config(), pin.toCharArray(), options.pkcs11KeyLabel(), options.createRootKey());
    }

    /** The HSM root key that wraps new material: its HMAC key must exist, or is created with --create-root-key. */
    static Pkcs11RootKey pkcs11(Options options) {
        return Pkcs11RootKey.open(pkcs11Settings(options));
    }

    /** The HSM root key for opening what it wrapped before: never created; the format-1 AES key alone will do. */
    static Pkcs11RootKey existingPkcs11(Options options) {
        return Pkcs11RootKey.openExisting(pkcs11Settings(options));
    }

    /** The root key of {@code mode}; the DynamoDB one only on a brand-new store is created (see {@link #dynamodbAtStart}). */
    static RootKey of(RootKeyMode mode, Options options, DynamoDbClient dynamo, Randomness randomness) {
        return mode == RootKeyMode.PKCS11 ? pkcs11(options) : dynamodbAtStart(options, dynamo, randomness);
    }

    /**
     * Root keys other than {@code current} that may still wrap material: never created here. With the HSM
     * current, the DynamoDB root key is used only when --earlier-root-key asks for it: whoever can write its
     * table could otherwise plant a key of their own and have it open material they wrote.
     */
    static List<RootKey> earlier(RootKey current, Options options, DynamoDbClient dynamo, Randomness randomness) {
        List<RootKey> earlier = new ArrayList<>();
        if (options.rootKey() == RootKeyMode.PKCS11) {
            if (options.earlierRootKey() != RootKeyMode.DYNAMODB) {
                return earlier;
            }
            DynamoDbRootKey.ifPresent(dynamo, EmbeddedDynamo.ROOT_KEY_TABLE, randomness, envelope(options))
                    .ifPresent(earlier::add);
        } else if (options.pkcs11Configured()) {
            try {
                earlier.add(existingPkcs11(options));
            } catch (Pkcs11RootKey.KeyMissingException none) {
                // no key with that label on the token: it wraps nothing
            }
        }
        earlier.removeIf(r -> r.id().equals(current.id()));
        return earlier;
    }

    /** Stands for a root key that a dry run must not create: only its id is known, and nothing is under it. */
    record NotCreated(String id) implements RootKey {
        @Override
        public SecretBytes derive(byte[] label, byte[] context) {
            throw new IllegalStateException("root key " + id + " does not exist yet");
        }
    }
}
