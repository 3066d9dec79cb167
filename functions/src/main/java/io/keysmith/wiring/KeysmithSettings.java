package io.keysmith.wiring;

import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.policy.DefaultPolicies;
import io.keysmith.policy.PolicyDocument;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What one Keysmith is built from, whoever runs it: the Lambda, the local runner or a test. The root
 * keys come already opened, because each entry point finds them its own way (a CloudHSM PIN from
 * Secrets Manager, a SoftHSM PIN from an environment variable, a first-start DynamoDB root key).
 *
 * @param dynamo             the client of the keys table (DynamoDB, or DynamoDB Local behind the runner)
 * @param keysTable          the one table of keys, their material and aliases
 * @param rootKey            wraps new material, and opens what it wrapped
 * @param earlierRootKeys    only open material they wrapped, while a root-key migration is under way
 * @param location           the region and account in key ARNs
 * @param randomness         for material, markers and data keys
 * @param clock              for deletion windows, rotation dates and attestation documents' validity
 * @param enclaveTrustAnchor the root certificate (PEM) for Recipient attestation documents; null for
 *                           the AWS Nitro Enclaves root
 * @param servicePolicy      what IAM decides in AWS (actions without a key, and what a key policy's account
 *                           principal hands over); null for {@link DefaultPolicies#servicePolicy}
 */
public record KeysmithSettings(
        DynamoDbClient dynamo,
        String keysTable,
        RootKey rootKey,
        List<RootKey> earlierRootKeys,
        KmsLocation location,
        Randomness randomness,
        Clock clock,
        Path enclaveTrustAnchor,
        PolicyDocument servicePolicy) {
    public KeysmithSettings {
        Objects.requireNonNull(dynamo, "dynamo");
        Objects.requireNonNull(keysTable, "keysTable");
        Objects.requireNonNull(rootKey, "rootKey");
        earlierRootKeys = List.copyOf(earlierRootKeys);
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(randomness, "randomness");
        Objects.requireNonNull(clock, "clock");
        if (servicePolicy == null) {
            servicePolicy = DefaultPolicies.servicePolicy(location.account());
        }
    }

    /** With the default service policy. */
    public KeysmithSettings(
            DynamoDbClient dynamo,
            String keysTable,
            RootKey rootKey,
            List<RootKey> earlierRootKeys,
            KmsLocation location,
            Randomness randomness,
            Clock clock,
            Path enclaveTrustAnchor) {
        this(dynamo, keysTable, rootKey, earlierRootKeys, location, randomness, clock, enclaveTrustAnchor, null);
    }

    /** With no earlier root key and the AWS Nitro Enclaves root: a deployment outside a migration, or a test. */
    public KeysmithSettings(
            DynamoDbClient dynamo,
            String keysTable,
            RootKey rootKey,
            KmsLocation location,
            Randomness randomness,
            Clock clock) {
        this(dynamo, keysTable, rootKey, List.of(), location, randomness, clock, null);
    }
}
