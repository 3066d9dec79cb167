package io.keysmith.lambda;

import io.keysmith.core.Keysmith;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.enclave.AttestationVerifier;
import io.keysmith.rootkey.AwsKmsEnvelope;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.rootkey.RootKeyEnvelope;
import io.keysmith.rootkey.Pkcs11RootKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.keysmith.store.DynamoDbAliasStore;
import io.keysmith.store.DynamoDbKeyStore;
import java.time.Clock;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the core from the Lambda's settings, the same way for every handler. */
final class LambdaWiring {
    private LambdaWiring() {
    }

    static DynamoDbClient dynamo(LambdaSettings settings) {
        return DynamoDbClient.builder()
                .region(Region.of(settings.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static Keysmith keysmith(LambdaSettings settings, DynamoDbClient dynamo, RootKey rootKey, Randomness randomness) {
        return new Keysmith(
                new DynamoDbKeyStore(dynamo, settings.keysTable()),
                new DynamoDbAliasStore(dynamo, settings.keysTable()),
                rootKey,
                new KmsLocation(settings.region(), settings.account()),
                randomness,
                Clock.systemUTC());
    }

    /** Attestation documents are checked against the AWS Nitro root, or the PEM file ENCLAVE_TRUST_ANCHOR names. */
    static AttestationVerifier attestations() {
        String anchor = System.getenv("ENCLAVE_TRUST_ANCHOR");
        return anchor == null || anchor.isBlank()
                ? AttestationVerifier.awsNitroRoot(Clock.systemUTC())
                : AttestationVerifier.trusting(Path.of(anchor), Clock.systemUTC());
    }

    /** The root key of the settings' mode; in pkcs11 mode the HSM is opened, and the PIN read, now. */
    static RootKey rootKey(LambdaSettings settings, DynamoDbClient dynamo, Randomness randomness) {
        if (settings.rootKeyMode().equals("dynamodb")) {
            // Only built here: the item is read on first use, after a SnapStart restore, never during init.
            return dynamoDbRootKey(settings, dynamo, randomness);
        }
        try {
            Path config = Files.createTempFile("keysmith-pkcs11", ".cfg");
            // CloudHSM's PKCS#11 library exposes one slot for the cluster.
            Files.writeString(config, "name = CloudHSM\nlibrary = " + settings.pkcs11Library() + "\nslotListIndex = 0\n");
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
                ? AwsKmsEnvelope.create(settings.region(), null, settings.rootKeyKmsKeyArn())
                : RootKeyEnvelope.none();
    }
}
