package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.ImportWrapping;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidImportTokenException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Imported key material through the AWS SDK KmsClient over HTTP. The material is wrapped here, with the JDK and
 * BouncyCastle from the public key GetParametersForImport returns, as a user's tooling would.
 */
class ImportKeyMaterialIT extends AgainstInMemoryRunner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] random(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }

    private KeyMetadata externalKey(KeySpec spec, KeyUsageType usage) {
        return kms.createKey(r -> {
                    r.origin(OriginType.EXTERNAL).description("imported");
                    if (spec != null) {
                        r.keySpec(spec).keyUsage(usage);
                    }
                })
                .keyMetadata();
    }

    private ImportKeyMaterialResponse importMaterial(
            String keyId, AlgorithmSpec algorithm, WrappingKeySpec spec, byte[] material) throws Exception {
        GetParametersForImportResponse parameters = kms.getParametersForImport(
                r -> r.keyId(keyId).wrappingAlgorithm(algorithm).wrappingKeySpec(spec));
        byte[] wrapped =
                ImportWrapping.wrap(algorithm.toString(), parameters.publicKey().asByteArray(), material);
        return kms.importKeyMaterial(r -> r.keyId(keyId)
                .importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
    }

    private byte[] encrypt(String keyId, byte[] plaintext) {
        return kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext)))
                .ciphertextBlob()
                .asByteArray();
    }

    private byte[] decrypt(byte[] ciphertext) {
        return kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)))
                .plaintext()
                .asByteArray();
    }

    @ParameterizedTest
    @CsvSource({
        "RSAES_OAEP_SHA_1, RSA_2048",
        "RSAES_OAEP_SHA_256, RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_1, RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_256, RSA_2048",
        "RSAES_OAEP_SHA_1, RSA_3072",
        "RSAES_OAEP_SHA_256, RSA_3072",
        "RSA_AES_KEY_WRAP_SHA_1, RSA_3072",
        "RSA_AES_KEY_WRAP_SHA_256, RSA_3072",
        "RSAES_OAEP_SHA_1, RSA_4096",
        "RSAES_OAEP_SHA_256, RSA_4096",
        "RSA_AES_KEY_WRAP_SHA_1, RSA_4096",
        "RSA_AES_KEY_WRAP_SHA_256, RSA_4096",
        "SM2PKE, SM2"
    })
    void symmetricMaterialImportsWithEveryWrappingAlgorithmAndSpec(String algorithm, String spec) throws Exception {
        // Given: a key pending import, and the wrapping public key of the spec asked for
        KeyMetadata key = externalKey(null, null);
        assertEquals(KeyState.PENDING_IMPORT, key.keyState());
        GetParametersForImportResponse parameters = kms.getParametersForImport(
                r -> r.keyId(key.keyId()).wrappingAlgorithm(algorithm).wrappingKeySpec(spec));
        assertEquals(key.arn(), parameters.keyId());
        Instant validTo = parameters.parametersValidTo();
        assertTrue(Duration.between(Instant.now(), validTo).compareTo(Duration.ofHours(23)) > 0);
        assertTrue(Duration.between(Instant.now(), validTo).compareTo(Duration.ofHours(24)) <= 0);
        if (spec.startsWith("RSA_")) {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(
                            new X509EncodedKeySpec(parameters.publicKey().asByteArray()));
            assertEquals(
                    Integer.parseInt(spec.substring(4)), publicKey.getModulus().bitLength());
        }
        byte[] material = random(32);

        // When: wrapped here and imported
        byte[] wrapped = ImportWrapping.wrap(algorithm, parameters.publicKey().asByteArray(), material);
        ImportKeyMaterialResponse imported = kms.importKeyMaterial(r -> r.keyId(key.keyId())
                .importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));

        // Then: the key is enabled and its material encrypts and decrypts
        assertEquals(key.arn(), imported.keyId());
        KeyMetadata described = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertEquals(KeyState.ENABLED, described.keyState());
        assertEquals(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE, described.expirationModel());
        assertEquals(imported.keyMaterialId(), described.currentKeyMaterialId());
        byte[] plaintext = random(64);
        assertArrayEquals(plaintext, decrypt(encrypt(key.keyId(), plaintext)));
    }

    @Test
    void aCiphertextMadeBeforeDeletionOpensAfterTheSameMaterialIsImportedAgain() throws Exception {
        KeyMetadata key = externalKey(null, null);
        byte[] material = random(32);
        String materialId = importMaterial(
                        key.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_4096, material)
                .keyMaterialId();
        byte[] ciphertext = encrypt(key.keyId(), "before deletion".getBytes());

        assertEquals(
                materialId,
                kms.deleteImportedKeyMaterial(r -> r.keyId(key.keyId())).keyMaterialId());
        KeyMetadata deleted = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertEquals(KeyState.PENDING_IMPORT, deleted.keyState());
        assertFalse(deleted.enabled());
        assertNull(deleted.expirationModel());
        KmsInvalidStateException pending = assertThrows(KmsInvalidStateException.class, () -> decrypt(ciphertext));
        assertEquals(
                key.arn() + " is pending import.", pending.awsErrorDetails().errorMessage());
        assertThrows(
                IncorrectKeyMaterialException.class,
                () -> importMaterial(
                        key.keyId(), AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_2048, random(32)));

        String again = importMaterial(
                        key.keyId(), AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1, WrappingKeySpec.RSA_3072, material)
                .keyMaterialId();

        assertEquals(materialId, again);
        assertArrayEquals("before deletion".getBytes(), decrypt(ciphertext));
    }

    @Test
    void anAlteredOrForeignTokenIsRefused() throws Exception {
        KeyMetadata key = externalKey(null, null);
        KeyMetadata other = externalKey(null, null);
        GetParametersForImportResponse parameters = kms.getParametersForImport(r -> r.keyId(key.keyId())
                .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                .wrappingKeySpec(WrappingKeySpec.RSA_2048));
        byte[] wrapped =
                ImportWrapping.wrap("RSAES_OAEP_SHA_256", parameters.publicKey().asByteArray(), random(32));
        byte[] altered = parameters.importToken().asByteArray();
        altered[altered.length / 2] ^= 1;

        assertThrows(
                InvalidImportTokenException.class,
                () -> kms.importKeyMaterial(r -> r.keyId(key.keyId())
                        .importToken(SdkBytes.fromByteArray(altered))
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
        assertThrows(
                InvalidImportTokenException.class,
                () -> kms.importKeyMaterial(r -> r.keyId(other.keyId())
                        .importToken(parameters.importToken())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
        KmsException noValidTo = assertThrows(
                KmsException.class,
                () -> kms.importKeyMaterial(r -> r.keyId(key.keyId())
                        .importToken(parameters.importToken())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))));
        assertEquals("ValidationException", noValidTo.awsErrorDetails().errorCode());
        assertEquals(
                "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
                noValidTo.awsErrorDetails().errorMessage());
        assertEquals(
                KeyState.PENDING_IMPORT,
                kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState());
    }

    @Test
    void expiringMaterialShowsItsValidTo() throws Exception {
        KeyMetadata key = externalKey(null, null);
        GetParametersForImportResponse parameters = kms.getParametersForImport(r -> r.keyId(key.keyId())
                .wrappingAlgorithm(AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256)
                .wrappingKeySpec(WrappingKeySpec.RSA_2048));
        byte[] wrapped = ImportWrapping.wrap(
                "RSA_AES_KEY_WRAP_SHA_256", parameters.publicKey().asByteArray(), random(32));
        Instant validTo = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        kms.importKeyMaterial(r -> r.keyId(key.keyId())
                .importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES)
                .validTo(validTo));

        KeyMetadata described = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertEquals(ExpirationModelType.KEY_MATERIAL_EXPIRES, described.expirationModel());
        assertEquals(validTo, described.validTo());
    }

    @Test
    void asymmetricAndHmacMaterialImportAsStoredMaterial() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair pair = ec.generateKeyPair();
        KeyMetadata signing = externalKey(KeySpec.ECC_NIST_P384, KeyUsageType.SIGN_VERIFY);
        importMaterial(
                signing.keyId(),
                AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec.RSA_3072,
                pair.getPrivate().getEncoded());
        assertEquals(
                KeyState.ENABLED,
                kms.describeKey(r -> r.keyId(signing.keyId())).keyMetadata().keyState());

        KeyMetadata rsa = externalKey(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
        KmsException tooLarge = assertThrows(
                KmsException.class,
                () -> kms.getParametersForImport(r -> r.keyId(rsa.keyId())
                        .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                        .wrappingKeySpec(WrappingKeySpec.RSA_4096)));
        assertEquals("ValidationException", tooLarge.awsErrorDetails().errorCode());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        importMaterial(
                rsa.keyId(),
                AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256,
                WrappingKeySpec.RSA_4096,
                generator.generateKeyPair().getPrivate().getEncoded());
        assertEquals(
                KeyState.ENABLED,
                kms.describeKey(r -> r.keyId(rsa.keyId())).keyMetadata().keyState());

        KeyMetadata hmac = externalKey(KeySpec.HMAC_512, KeyUsageType.GENERATE_VERIFY_MAC);
        assertThrows(
                IncorrectKeyMaterialException.class,
                () -> importMaterial(
                        hmac.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_2048, random(32)));
        importMaterial(hmac.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_2048, random(64));
        assertEquals(
                KeyState.ENABLED,
                kms.describeKey(r -> r.keyId(hmac.keyId())).keyMetadata().keyState());
    }

    @Test
    void newMaterialBecomesCurrentOnDemandAndOlderCiphertextsStillOpen() throws Exception {
        KeyMetadata key = externalKey(null, null);
        String first = importMaterial(
                        key.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, random(32))
                .keyMaterialId();
        byte[] before = encrypt(key.keyId(), "first material".getBytes());
        KmsInvalidStateException nothingPending =
                assertThrows(KmsInvalidStateException.class, () -> kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())));
        assertEquals(
                "No available key material pending rotation for the key: " + key.arn() + ".",
                nothingPending.awsErrorDetails().errorMessage());

        GetParametersForImportResponse parameters = kms.getParametersForImport(r -> r.keyId(key.keyId())
                .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                .wrappingKeySpec(WrappingKeySpec.RSA_2048));
        byte[] wrapped =
                ImportWrapping.wrap("RSAES_OAEP_SHA_256", parameters.publicKey().asByteArray(), random(32));
        String second = kms.importKeyMaterial(r -> r.keyId(key.keyId())
                        .importToken(parameters.importToken())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                        .importType(ImportType.NEW_KEY_MATERIAL)
                        .keyMaterialDescription("second generation"))
                .keyMaterialId();
        assertEquals(
                first, kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().currentKeyMaterialId());

        assertEquals(
                List.of("CURRENT", "PENDING_ROTATION"),
                kms
                        .listKeyRotations(r -> r.keyId(key.keyId()).includeKeyMaterial("ALL_KEY_MATERIAL"))
                        .rotations()
                        .stream()
                        .map(RotationsListEntry::keyMaterialStateAsString)
                        .toList());

        kms.rotateKeyOnDemand(r -> r.keyId(key.keyId()));

        RotationsListEntry rotation =
                kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations().get(0);
        assertEquals(second, rotation.keyMaterialId());
        assertEquals("CURRENT", rotation.keyMaterialStateAsString());
        assertEquals("IMPORTED", rotation.importStateAsString());
        assertEquals("second generation", rotation.keyMaterialDescription());

        assertEquals(
                second, kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().currentKeyMaterialId());
        assertArrayEquals("first material".getBytes(), decrypt(before));
        byte[] after = encrypt(key.keyId(), "second material".getBytes());
        assertEquals(
                second,
                kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(after)))
                        .keyMaterialId());
    }

    @Test
    void aKeyOfAwsMaterialTakesNoImport() {
        KeyMetadata key = kms.createKey(r -> r.description("not imported")).keyMetadata();
        UnsupportedOperationException refused = assertThrows(
                UnsupportedOperationException.class,
                () -> kms.getParametersForImport(r -> r.keyId(key.keyId())
                        .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                        .wrappingKeySpec(WrappingKeySpec.RSA_2048)));
        assertEquals(
                key.arn() + " origin is AWS_KMS which is not valid for this operation.",
                refused.awsErrorDetails().errorMessage());
        assertThrows(
                UnsupportedOperationException.class, () -> kms.deleteImportedKeyMaterial(r -> r.keyId(key.keyId())));
    }
}
