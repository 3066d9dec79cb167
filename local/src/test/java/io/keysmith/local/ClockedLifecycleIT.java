package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Deletion windows and automatic rotation, which need the server's clock moved by days. The shipped
 * jar has no way to move its clock, so this is the one IT that runs the runner in the test's JVM;
 * every other IT drives keysmith-local.jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClockedLifecycleIT {
    private final MutableClock clock = new MutableClock();
    private LocalServer runner;
    private KmsClient kms;

    @BeforeAll
    void start() throws Exception {
        // No RSA pool: its refill threads would only compete with the tests for CPU (see RunnerProcess).
        List<String> args = new ArrayList<>(List.of("--in-memory", "--port", "0", "--rsa-pool", "0"));
        args.addAll(TestSoftHsm.rootKeyFlags());
        runner = LocalServer.start(Options.parse(args.toArray(String[]::new)), clock);
        kms = KmsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + runner.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    void stop() {
        kms.close();
        runner.close();
    }

    private KeyMetadata newKey() {
        return kms.createKey(r -> r.description("lifecycle")).keyMetadata();
    }

    @Test
    void keyAndAliasAreReallyGoneOnceTheWindowHasPassed() {
        KeyMetadata key = newKey();
        kms.createAlias(r -> r.aliasName("alias/short-lived").targetKeyId(key.keyId()));
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId(key.keyId())));
        assertTrue(kms.listAliases(r -> {}).aliases().stream()
                .noneMatch(a -> a.aliasName().equals("alias/short-lived")));
        assertTrue(
                kms.listKeys(r -> {}).keys().stream().noneMatch(k -> k.keyId().equals(key.keyId())));
    }

    @Test
    void grantsAreGoneWithTheirKey() {
        // Given a key with a grant that its retiring principal can list
        KeyMetadata key = newKey();
        String retiring = "arn:aws:iam::000000000000:user/retires-" + key.keyId();
        kms.createGrant(r -> r.keyId(key.keyId())
                .granteePrincipal("arn:aws:iam::000000000000:role/App")
                .retiringPrincipal(retiring)
                .operations(GrantOperation.DECRYPT));
        assertEquals(
                1,
                kms.listRetirableGrants(r -> r.retiringPrincipal(retiring))
                        .grants()
                        .size());

        // When the key's deletion window has passed
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId(key.keyId())));

        // Then
        assertEquals(
                List.of(),
                kms.listRetirableGrants(r -> r.retiringPrincipal(retiring)).grants());
    }

    @Test
    void rotationOnDemandAndAutomaticKeepOldBlobsDecryptable() {
        // Given: a key, and a data key pair under its first material
        KeyMetadata key = newKey();
        Map<String, String> context = Map.of("purpose", "rotation");
        List<GenerateDataKeyPairResponse> pairs = new ArrayList<>();
        pairs.add(kms.generateDataKeyPair(
                r -> r.keyId(key.keyId()).keyPairSpec("SM2").encryptionContext(context)));

        // When: it is rotated on demand, then automatically after 90 days, with a pair made after each
        assertEquals(key.arn(), kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())).keyId());
        pairs.add(kms.generateDataKeyPair(
                r -> r.keyId(key.keyId()).keyPairSpec("SM2").encryptionContext(context)));

        kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
        GetKeyRotationStatusResponse status = kms.getKeyRotationStatus(r -> r.keyId(key.keyId()));
        assertTrue(status.keyRotationEnabled());
        assertEquals(90, status.rotationPeriodInDays());
        clock.advance(Duration.ofDays(90));
        pairs.add(kms.generateDataKeyPair(
                r -> r.keyId(key.keyId()).keyPairSpec("SM2").encryptionContext(context)));

        // Then: three pairs under three materials, the last current; each decrypts; both rotations are listed
        assertEquals(
                3,
                pairs.stream()
                        .map(GenerateDataKeyPairResponse::keyMaterialId)
                        .distinct()
                        .count());
        assertEquals(
                pairs.get(2).keyMaterialId(),
                kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().currentKeyMaterialId());
        for (GenerateDataKeyPairResponse pair : pairs) {
            var decrypted = kms.decrypt(
                    r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()).encryptionContext(context));
            assertArrayEquals(
                    pair.privateKeyPlaintext().asByteArray(),
                    decrypted.plaintext().asByteArray());
            assertEquals(pair.keyMaterialId(), decrypted.keyMaterialId());
        }
        ListKeyRotationsResponse rotations = kms.listKeyRotations(r -> r.keyId(key.keyId()));
        assertEquals(
                List.of(RotationType.ON_DEMAND, RotationType.AUTOMATIC),
                rotations.rotations().stream().map(r -> r.rotationType()).toList());

        // When: automatic rotation is disabled
        kms.disableKeyRotation(r -> r.keyId(key.keyId()));
        // Then: its status says so
        assertFalse(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled());
    }

    @Test
    void importedMaterialExpiresAtItsValidToAndTheSameMaterialBringsTheKeyBack() throws Exception {
        // Given: imported material that expires in 3 days, and a ciphertext under it
        KeyMetadata key = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata();
        byte[] material = new byte[32];
        new java.security.SecureRandom().nextBytes(material);
        java.time.Instant validTo = clock.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        importMaterial(key.keyId(), material, validTo);
        byte[] ciphertext = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("expiring")))
                .ciphertextBlob()
                .asByteArray();
        assertEquals(
                validTo,
                kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().validTo());

        // When: its ValidTo passes
        clock.advance(Duration.ofDays(3));

        // Then: the material is deleted and the key waits for it again
        KeyMetadata expired = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertEquals(KeyState.PENDING_IMPORT, expired.keyState());
        assertEquals(null, expired.validTo());
        KmsInvalidStateException pending = assertThrows(
                KmsInvalidStateException.class,
                () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))));
        assertEquals(
                key.arn() + " is pending import.", pending.awsErrorDetails().errorMessage());
        importMaterial(key.keyId(), material, clock.instant().plus(Duration.ofDays(3)));
        assertEquals(
                "expiring",
                kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)))
                        .plaintext()
                        .asUtf8String());
    }

    private void importMaterial(String keyId, byte[] material, java.time.Instant validTo) throws Exception {
        GetParametersForImportResponse parameters = kms.getParametersForImport(r -> r.keyId(keyId)
                .wrappingAlgorithm(AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256)
                .wrappingKeySpec(WrappingKeySpec.RSA_2048));
        byte[] wrapped = io.keysmith.core.ImportWrapping.wrap(
                "RSA_AES_KEY_WRAP_SHA_256", parameters.publicKey().asByteArray(), material);
        kms.importKeyMaterial(r -> r.keyId(keyId)
                .importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES)
                .validTo(validTo));
    }
}
