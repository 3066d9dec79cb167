package io.keysmith.local;

import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.wiring.KeysmithSettings;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The runner's part of the wiring: its settings for KeysmithWiring, from its command line. */
final class LocalWiring {
    private LocalWiring() {}

    /**
     * The root keys the options name are opened now (a brand-new store gets its DynamoDB root key), so
     * that a wrong PIN, label or envelope stops start-up rather than the first request.
     */
    static KeysmithSettings keysmithSettings(Options options, DynamoDbClient dynamo, Clock clock) {
        Randomness randomness = new Randomness();
        RootKey rootKey = RootKeys.of(options.rootKey(), options, dynamo, randomness);
        return new KeysmithSettings(
                dynamo,
                EmbeddedDynamo.KEYS_TABLE,
                rootKey,
                RootKeys.earlier(rootKey, options, dynamo, randomness),
                new KmsLocation(options.region(), options.account()),
                randomness,
                clock,
                options.enclaveTrustAnchor());
    }
}
