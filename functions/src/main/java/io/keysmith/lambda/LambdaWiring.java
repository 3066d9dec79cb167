package io.keysmith.lambda;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.RsaPoolSizes;
import io.keysmith.core.SealedKeyPairPool;
import io.keysmith.core.errors.MalformedPolicyDocumentException;
import io.keysmith.lambda.aws.LeanDynamoDbClient;
import io.keysmith.lambda.aws.LeanKmsClient;
import io.keysmith.policy.PolicyDocument;
import io.keysmith.rootkey.AwsKmsEnvelope;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.rootkey.Pkcs11RootKey;
import io.keysmith.rootkey.RootKeyEnvelope;
import io.keysmith.store.DynamoDbKeyPairPool;
import io.keysmith.wiring.KeysmithSettings;
import io.keysmith.wiring.RootKeyMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The Lambda's part of the wiring: its DynamoDB client and root key, and its settings for KeysmithWiring. */
final class LambdaWiring {
    private LambdaWiring() {}

    /** Keysmith's own client rather than the SDK's, whose build and first request cost a cold start 0.4 s of CPU. */
    static DynamoDbClient dynamo(LambdaSettings settings) {
        return LeanDynamoDbClient.fromEnvironment(settings.region(), System.getenv());
    }

    /** The settings of the shared composition root; no earlier root key, as a deployment has one root key. */
    static KeysmithSettings keysmithSettings(
            LambdaSettings settings, DynamoDbClient dynamo, RootKey rootKey, Randomness randomness) {
        return keysmithSettings(settings, dynamo, rootKey, randomness, Clock.systemUTC());
    }

    static KeysmithSettings keysmithSettings(
            LambdaSettings settings, DynamoDbClient dynamo, RootKey rootKey, Randomness randomness, Clock clock) {
        return new KeysmithSettings(
                dynamo,
                settings.keysTable(),
                rootKey,
                List.of(),
                new KmsLocation(settings.region(), settings.account()),
                randomness,
                clock,
                enclaveTrustAnchor(),
                servicePolicy(System.getenv("SERVICE_POLICY")),
                KeysmithSettings.keyCacheTtl(System.getenv(KEY_CACHE_TTL), KEY_CACHE_TTL));
    }

    /** Seconds a warm instance keeps a key it read (KeysmithSettings.DEFAULT_KEY_CACHE_TTL unless set; 0: off). */
    static final String KEY_CACHE_TTL = "KEY_CACHE_TTL_SECONDS";

    /** The RSA pool's sizes from RSA_POOL (the CDK context value rsaPool); no pool when it is unset. */
    static Map<DataKeyPairSpec, Integer> rsaPoolSizes(Map<String, String> env) {
        String sizes = env.get("RSA_POOL");
        try {
            return sizes == null || sizes.isBlank() ? Map.of() : RsaPoolSizes.parse(sizes);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("RSA_POOL: " + e.getMessage());
        }
    }

    /** The RSA pool in the keys table, its pairs sealed under a key the root key derives. */
    static SealedKeyPairPool rsaPool(
            LambdaSettings settings,
            DynamoDbClient dynamo,
            RootKey rootKey,
            Randomness randomness,
            Map<DataKeyPairSpec, Integer> sizes,
            SealedKeyPairPool.Outcomes outcomes) {
        return new SealedKeyPairPool(
                new DynamoDbKeyPairPool(dynamo, settings.keysTable(), Clock.systemUTC()),
                rootKey,
                randomness,
                sizes,
                outcomes);
    }

    /**
     * The service policy document the stack put in SERVICE_POLICY (from the context value servicePolicyFile); null
     * (the default service policy) when unset. A malformed one fails the function's start, never a request.
     */
    static PolicyDocument servicePolicy(String document) {
        if (document == null || document.isBlank()) {
            return null;
        }
        try {
            return PolicyDocument.parse(document);
        } catch (MalformedPolicyDocumentException e) {
            throw new IllegalStateException("SERVICE_POLICY is not a valid policy: " + e.getMessage());
        }
    }

    /** The PEM file ENCLAVE_TRUST_ANCHOR names, for attestation documents; null for the AWS Nitro root. */
    private static Path enclaveTrustAnchor() {
        String anchor = System.getenv("ENCLAVE_TRUST_ANCHOR");
        return anchor == null || anchor.isBlank() ? null : Path.of(anchor);
    }

    /** The root key of the settings' mode; in pkcs11 mode the HSM is opened, and the PIN read, now. */
    static RootKey rootKey(LambdaSettings settings, DynamoDbClient dynamo, Randomness randomness) {
        if (settings.rootKeyMode() == RootKeyMode.DYNAMODB) {
            // Only built here: a SnapStart function reads the item on first use after the restore, never during init;
            // an on-demand init reads it at its end (KeysmithHandler.warmUp).
            return dynamoDbRootKey(settings, dynamo, randomness);
        }
        try {
            Path config = Files.createTempFile("keysmith-pkcs11", ".cfg");
            // CloudHSM's PKCS#11 library exposes one slot for the cluster.
            Files.writeString(
                    config, "name = CloudHSM\nlibrary = " + settings.pkcs11Library() + "\nslotListIndex = 0\n");
            char[] pin = SecretsExtension.inLambda().secretString(settings.pinSecretArn());
            return Pkcs11RootKey.open(new Pkcs11RootKey.Settings(config, pin, settings.rootKeyLabel(), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DynamoDB root key with the settings' envelope; a missing or unreadable item raises the alarm metric. */
    static DynamoDbRootKey dynamoDbRootKey(LambdaSettings settings, DynamoDbClient dynamo, Randomness randomness) {
        return new DynamoDbRootKey(dynamo, settings.rootKeyTable(), randomness, envelope(settings), new RootKeyAlarm());
    }

    static RootKeyEnvelope envelope(LambdaSettings settings) {
        return settings.rootKeyProtection().equals(RootKeyEnvelope.KMS)
                ? new AwsKmsEnvelope(
                        LeanKmsClient.fromEnvironment(settings.region(), System.getenv()), settings.rootKeyKmsKeyArn())
                : RootKeyEnvelope.none();
    }
}
