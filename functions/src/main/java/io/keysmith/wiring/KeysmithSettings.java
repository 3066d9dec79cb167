package io.keysmith.wiring;

import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.policy.DefaultPolicies;
import io.keysmith.policy.PolicyDocument;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * @param keyCacheTtl        how long a process keeps a key's metadata and opened material after reading them;
 *                           zero for no cache. A change made through another instance is seen within it.
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
        PolicyDocument servicePolicy,
        Duration keyCacheTtl) {
    /** The key cache's TTL unless configured: short, as AWS KMS's own eventual consistency for key state. */
    public static final Duration DEFAULT_KEY_CACHE_TTL = Duration.ofSeconds(5);

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
        if (keyCacheTtl == null) {
            keyCacheTtl = DEFAULT_KEY_CACHE_TTL;
        }
        if (keyCacheTtl.isNegative()) {
            throw new IllegalArgumentException("the key cache TTL must not be negative");
        }
    }

    /** With the default key cache TTL. */
    public KeysmithSettings(
            DynamoDbClient dynamo,
            String keysTable,
            RootKey rootKey,
            List<RootKey> earlierRootKeys,
            KmsLocation location,
            Randomness randomness,
            Clock clock,
            Path enclaveTrustAnchor,
            PolicyDocument servicePolicy) {
        this(
                dynamo,
                keysTable,
                rootKey,
                earlierRootKeys,
                location,
                randomness,
                clock,
                enclaveTrustAnchor,
                servicePolicy,
                null);
    }

    /** The longest key cache TTL accepted, in seconds: a cache is for the warm path, not for replication. */
    public static final int MAX_KEY_CACHE_TTL_SECONDS = 3600;

    /**
     * A key cache TTL as configured (whole seconds, 0 for no cache); {@code where} names the setting in the
     * error, so that a bad value stops start-up with a message that says which.
     */
    public static Duration keyCacheTtl(String seconds, String where) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_KEY_CACHE_TTL;
        }
        try {
            int value = Integer.parseInt(seconds.strip());
            if (value >= 0 && value <= MAX_KEY_CACHE_TTL_SECONDS) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(where + " must be a whole number of seconds from 0 to "
                + MAX_KEY_CACHE_TTL_SECONDS + ", not '" + seconds + "'");
    }

    /** The same settings with another key cache TTL. */
    public KeysmithSettings withKeyCacheTtl(Duration ttl) {
        return new KeysmithSettings(
                dynamo,
                keysTable,
                rootKey,
                earlierRootKeys,
                location,
                randomness,
                clock,
                enclaveTrustAnchor,
                servicePolicy,
                ttl);
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
        this(dynamo, keysTable, rootKey, earlierRootKeys, location, randomness, clock, enclaveTrustAnchor, null, null);
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
