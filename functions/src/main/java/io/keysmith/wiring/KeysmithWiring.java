package io.keysmith.wiring;

import io.keysmith.api.KmsApi;
import io.keysmith.core.KeyPairSource;
import io.keysmith.core.Keysmith;
import io.keysmith.enclave.AttestationVerifier;
import io.keysmith.store.DynamoDbAliasStore;
import io.keysmith.store.DynamoDbGrantStore;
import io.keysmith.store.DynamoDbKeyStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The composition root: the one place where the DynamoDB stores, the root keys, the core and the api
 * are put together, so that the Lambda, the local runner and the tests run the same graph. Only the
 * settings differ (see LambdaWiring and the local runner's LocalWiring).
 */
public final class KeysmithWiring {
    private KeysmithWiring() {}

    /** The core over the DynamoDB stores of the settings' keys table; nothing is read from DynamoDB yet. */
    public static Keysmith keysmith(KeysmithSettings settings) {
        return keysmith(settings, KeyPairSource.NONE);
    }

    /** As {@link #keysmith(KeysmithSettings)}, taking data key pairs from {@code readyPairs} (an RSA pool) first. */
    public static Keysmith keysmith(KeysmithSettings settings, KeyPairSource readyPairs) {
        return new Keysmith(
                new DynamoDbKeyStore(settings.dynamo(), settings.keysTable()),
                new DynamoDbAliasStore(settings.dynamo(), settings.keysTable()),
                new DynamoDbGrantStore(settings.dynamo(), settings.keysTable()),
                settings.rootKey(),
                settings.earlierRootKeys(),
                settings.location(),
                settings.randomness(),
                settings.clock(),
                settings.servicePolicy(),
                settings.keyCacheTtl(),
                readyPairs);
    }

    /**
     * The KMS JSON protocol in front of {@code keysmith}, which {@link #keysmith} built from the same
     * settings. A trust anchor file is read now, so that a missing or malformed one stops start-up.
     */
    public static KmsApi api(KeysmithSettings settings, Keysmith keysmith) {
        return new KmsApi(keysmith, attestations(settings.enclaveTrustAnchor(), settings.clock()));
    }

    /** Attestation documents are checked against the AWS Nitro root, or the PEM file {@code trustAnchor} names. */
    private static AttestationVerifier attestations(Path trustAnchor, Clock clock) {
        return trustAnchor == null
                ? AttestationVerifier.awsNitroRoot(clock)
                : AttestationVerifier.trusting(trustAnchor, clock);
    }
}
