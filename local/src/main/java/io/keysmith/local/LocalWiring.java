package io.keysmith.local;

import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.errors.MalformedPolicyDocumentException;
import io.keysmith.policy.PolicyDocument;
import io.keysmith.wiring.KeysmithSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The runner's part of the wiring: its settings for KeysmithWiring, from its command line. */
final class LocalWiring {
    private LocalWiring() {}

    /**
     * The root keys the options name are opened now (a brand-new store gets its DynamoDB root key), so
     * that a wrong PIN, label or envelope stops start-up rather than the first request.
     */
    static KeysmithSettings keysmithSettings(
            Options options, DynamoDbClient dynamo, Clock clock, PolicyDocument servicePolicy) {
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
                options.enclaveTrustAnchor(),
                servicePolicy,
                options.keyCacheTtl());
    }

    /** The --service-policy file, checked as a key policy is, so that a bad one stops start-up; null for none. */
    static PolicyDocument servicePolicy(Path file) {
        if (file == null) {
            return null;
        }
        String where = "--service-policy " + file;
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    where + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return PolicyDocument.parse(text);
        } catch (MalformedPolicyDocumentException e) {
            throw new IllegalArgumentException(where + " is not a valid policy: " + e.getMessage());
        }
    }
}
