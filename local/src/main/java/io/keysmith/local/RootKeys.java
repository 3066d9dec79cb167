package io.keysmith.local;

import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.rootkey.Pkcs11RootKey;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The runner's root keys: the one its mode names, which wraps new material, and the other one when
 * it exists, so that material not yet moved by a migration still opens.
 */
final class RootKeys {
    private RootKeys() {
    }

    static RootKey dynamodb(DynamoDbClient dynamo, Randomness randomness) {
        return new DynamoDbRootKey(dynamo, LocalRunner.ROOT_KEY_TABLE, randomness);
    }

    private static Pkcs11RootKey.Settings pkcs11Settings(Options options) {
        String pin = System.getenv(options.pkcs11PinEnv());
        if (pin == null) {
            throw new IllegalArgumentException("the environment variable " + options.pkcs11PinEnv()
                    + " named by --pkcs11-pin-env is not set");
        }
        return new Pkcs11RootKey.Settings(options.pkcs11Config(), pin.toCharArray(), options.pkcs11KeyLabel(),
                options.createRootKey());
    }

    /** The HSM root key that wraps new material: its HMAC key must exist, or is created with --create-root-key. */
    static Pkcs11RootKey pkcs11(Options options) {
        return Pkcs11RootKey.open(pkcs11Settings(options));
    }

    /** The HSM root key for opening what it wrapped before: never created; the format-1 AES key alone will do. */
    static Pkcs11RootKey existingPkcs11(Options options) {
        return Pkcs11RootKey.openExisting(pkcs11Settings(options));
    }

    /** The root key of {@code mode}; the DynamoDB one is created on first use. */
    static RootKey of(String mode, Options options, DynamoDbClient dynamo, Randomness randomness) {
        return mode.equals("pkcs11") ? pkcs11(options) : dynamodb(dynamo, randomness);
    }

    /** Root keys other than {@code current} that may still wrap material: never created here. */
    static List<RootKey> earlier(RootKey current, Options options, DynamoDbClient dynamo, Randomness randomness) {
        List<RootKey> earlier = new ArrayList<>();
        if (options.rootKey().equals("pkcs11")) {
            DynamoDbRootKey.ifPresent(dynamo, LocalRunner.ROOT_KEY_TABLE, randomness).ifPresent(earlier::add);
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
