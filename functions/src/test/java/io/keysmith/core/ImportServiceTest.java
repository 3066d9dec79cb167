package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.errors.ExpiredImportTokenException;
import io.keysmith.core.errors.IncorrectKeyMaterialException;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.InvalidImportTokenException;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.ValidationException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Imported key material in the core: wrapped as a user's tooling wraps it, with a clock the test moves. */
@ExtendWith(AsAccountRoot.class)
class ImportServiceTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MutableClock clock = new MutableClock();
    private final Randomness randomness = new Randomness();
    private final InMemoryPorts.Keys store = new InMemoryPorts.Keys();
    private final RootKey root = new InMemoryPorts.Root(randomness);
    private final Keysmith keysmith = new Keysmith(
            store,
            new InMemoryPorts.Aliases(store),
            new InMemoryPorts.Grants(store),
            root,
            List.of(),
            new KmsLocation("us-east-1", "111122223333"),
            randomness,
            clock);
    private final ImportService imports = keysmith.imports();
    private final CryptoService crypto = keysmith.crypto();

    private String externalKey(KeySpec spec, KeyUsage usage) {
        return keysmith.keys()
                .createKey(new NewKey("imported", spec, usage, Origin.EXTERNAL, List.of()))
                .keyId();
    }

    private static byte[] random(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }

    private ImportRequest wrapped(String keyId, WrappingAlgorithm algorithm, WrappingKeySpec spec, byte[] material)
            throws Exception {
        ImportParameters parameters = imports.getParametersForImport(keyId, algorithm, spec);
        return new ImportRequest(
                keyId,
                parameters.importToken(),
                ImportWrapping.wrap(algorithm.name(), parameters.publicKey(), material),
                ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE,
                null,
                null,
                null,
                null);
    }

    private ImportResult importMaterial(String keyId, byte[] material) throws Exception {
        return imports.importKeyMaterial(
                wrapped(keyId, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_2048, material));
    }

    private byte[] encrypt(String keyId, byte[] plaintext) {
        return crypto.encrypt(new EncryptRequest(keyId, new SecretBytes(plaintext.clone()), Map.of(), null, false))
                .ciphertext();
    }

    private byte[] decrypt(byte[] ciphertext) {
        return crypto.decrypt(new DecryptRequest(ciphertext, Map.of(), null, null, false), null)
                .plaintext()
                .reveal();
    }

    private KeyRecord describe(String keyId) {
        return keysmith.keys().describeKey(keyId);
    }

    private String arn(String keyId) {
        return keysmith.location().keyArn(keyId);
    }

    @ParameterizedTest
    @CsvSource({
        "RSAES_OAEP_SHA_1, RSA_2048",
        "RSAES_OAEP_SHA_256, RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_1, RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_256, RSA_2048",
        "RSAES_OAEP_SHA_1, RSA_3072",
        "RSA_AES_KEY_WRAP_SHA_256, RSA_3072",
        "RSAES_OAEP_SHA_256, RSA_4096",
        "RSA_AES_KEY_WRAP_SHA_1, RSA_4096",
        "SM2PKE, SM2"
    })
    void symmetricMaterialWrappedOutsideImportsAndEncrypts(String algorithm, String spec) throws Exception {
        // Given: a key pending import, and 32 bytes of the user's own
        String keyId = externalKey(null, null);
        assertEquals(KeyState.PendingImport, describe(keyId).keyState());
        byte[] material = random(32);

        // When
        ImportResult result = imports.importKeyMaterial(
                wrapped(keyId, WrappingAlgorithm.valueOf(algorithm), WrappingKeySpec.valueOf(spec), material));

        // Then: the key is enabled with that material, and encrypts and decrypts with it
        KeyRecord key = describe(keyId);
        assertEquals(KeyState.Enabled, key.keyState());
        assertEquals(ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE, key.expirationModel());
        assertEquals(result.keyMaterialId(), key.currentMaterialId());
        assertEquals(64, result.keyMaterialId().length());
        try (KeyMaterial stored = openCurrent(key)) {
            assertArrayEquals(material, stored.secret().reveal());
        }
        byte[] plaintext = random(100);
        assertArrayEquals(plaintext, decrypt(encrypt(keyId, plaintext)));
    }

    private KeyMaterial openCurrent(KeyRecord key) {
        WrappedMaterial wrapped =
                store.findMaterial(key.keyId(), key.currentMaterialId()).orElseThrow();
        return new KeyMaterial(wrapped.materialId(), MaterialWraps.unwrap(root, wrapped));
    }

    @Test
    void deletedMaterialOpensOldCiphertextsOnceTheSameMaterialIsImportedAgain() throws Exception {
        String keyId = externalKey(null, null);
        byte[] material = random(32);
        String materialId = importMaterial(keyId, material).keyMaterialId();
        byte[] ciphertext = encrypt(keyId, "kept".getBytes());

        ImportResult deleted = imports.deleteImportedKeyMaterial(keyId, null);
        assertEquals(materialId, deleted.keyMaterialId());
        KeyRecord pending = describe(keyId);
        assertEquals(KeyState.PendingImport, pending.keyState());
        assertNull(pending.expirationModel());
        assertEquals(materialId, pending.currentMaterialId());
        assertFalse(store.findMaterial(keyId, materialId).orElseThrow().hasSecret());
        assertMessage(KmsInvalidStateException.class, arn(keyId) + " is pending import.", () -> decrypt(ciphertext));

        // A different material is not this key's
        assertThrows(IncorrectKeyMaterialException.class, () -> importMaterial(keyId, random(32)));
        assertEquals(KeyState.PendingImport, describe(keyId).keyState());

        assertEquals(materialId, importMaterial(keyId, material).keyMaterialId());
        assertEquals(KeyState.Enabled, describe(keyId).keyState());
        assertArrayEquals("kept".getBytes(), decrypt(ciphertext));
    }

    @Test
    void materialDeletedWhilePendingDeletionLeavesACancelledKeyPendingImport() throws Exception {
        String keyId = externalKey(null, null);
        byte[] material = random(32);
        importMaterial(keyId, material);
        keysmith.keys().scheduleKeyDeletion(keyId, 7);

        imports.deleteImportedKeyMaterial(keyId, null);
        assertEquals(KeyState.PendingDeletion, describe(keyId).keyState());
        assertEquals(
                KeyState.PendingImport, keysmith.keys().cancelKeyDeletion(keyId).keyState());

        importMaterial(keyId, material);
        assertEquals(KeyState.Enabled, describe(keyId).keyState());
        keysmith.keys().scheduleKeyDeletion(keyId, 7);
        assertEquals(KeyState.Disabled, keysmith.keys().cancelKeyDeletion(keyId).keyState());
    }

    @Test
    void tokensAreAuthenticatedBoundToTheirKeyAndExpireAfterADay() throws Exception {
        String keyId = externalKey(null, null);
        String otherKey = externalKey(null, null);
        byte[] material = random(32);
        ImportRequest request =
                wrapped(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, material);
        ImportParameters parameters =
                imports.getParametersForImport(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
        assertEquals(
                clock.instant().plus(Duration.ofHours(24)).toEpochMilli(),
                parameters.validTo().toEpochMilli(),
                1);

        byte[] altered = request.importToken().clone();
        altered[altered.length - 20] ^= 1;
        assertThrows(InvalidImportTokenException.class, () -> imports.importKeyMaterial(withToken(request, altered)));
        byte[] header = request.importToken().clone();
        header[3] ^= 1; // the key id, in the authenticated header
        assertThrows(InvalidImportTokenException.class, () -> imports.importKeyMaterial(withToken(request, header)));
        assertThrows(
                InvalidImportTokenException.class, () -> imports.importKeyMaterial(withToken(request, random(400))));
        ImportRequest foreign = new ImportRequest(
                otherKey,
                request.importToken(),
                request.encryptedKeyMaterial(),
                request.expirationModel(),
                null,
                null,
                null,
                null);
        assertThrows(InvalidImportTokenException.class, () -> imports.importKeyMaterial(foreign));

        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertThrows(ExpiredImportTokenException.class, () -> imports.importKeyMaterial(request));
        assertEquals(KeyState.PendingImport, describe(keyId).keyState());
    }

    private static ImportRequest withToken(ImportRequest request, byte[] token) {
        return new ImportRequest(
                request.keyId(),
                token,
                request.encryptedKeyMaterial(),
                request.expirationModel(),
                request.validTo(),
                null,
                null,
                null);
    }

    @Test
    void materialEncryptedUnderAnotherWrappingKeyIsInvalidCiphertext() throws Exception {
        String keyId = externalKey(null, null);
        ImportRequest first =
                wrapped(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, random(32));
        ImportRequest second =
                wrapped(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, random(32));
        assertThrows(
                InvalidCiphertextException.class,
                () -> imports.importKeyMaterial(withToken(first, second.importToken())));
    }

    @Test
    void materialThatDoesNotFitTheKeySpecIsRefused() throws Exception {
        assertThrows(IncorrectKeyMaterialException.class, () -> importMaterial(externalKey(null, null), random(31)));
        String hmac = externalKey(KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC);
        assertThrows(IncorrectKeyMaterialException.class, () -> importMaterial(hmac, random(16)));
        assertThrows(IncorrectKeyMaterialException.class, () -> importMaterial(hmac, random(65)));
        importMaterial(hmac, random(48));
        assertEquals(KeyState.Enabled, describe(hmac).keyState());

        String p256 = externalKey(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY);
        assertThrows(
                IncorrectKeyMaterialException.class,
                () -> importMaterial(p256, ecKey("secp384r1").getPrivate().getEncoded()));
        assertThrows(IncorrectKeyMaterialException.class, () -> importMaterial(p256, random(138)));
        assertEquals(KeyState.PendingImport, describe(p256).keyState());
    }

    @Test
    void anAsymmetricPrivateKeyImportsWithItsPublicKey() throws Exception {
        String keyId = externalKey(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY);
        KeyPair pair = ecKey("secp256r1");

        ImportResult result = importMaterial(keyId, pair.getPrivate().getEncoded());

        KeyRecord key = describe(keyId);
        assertEquals(KeyState.Enabled, key.keyState());
        WrappedMaterial stored =
                store.findMaterial(keyId, result.keyMaterialId()).orElseThrow();
        assertArrayEquals(pair.getPublic().getEncoded(), stored.publicKey());
        // Another material is refused: asymmetric keys keep the material they were given
        assertThrows(
                IncorrectKeyMaterialException.class,
                () -> importMaterial(keyId, ecKey("secp256r1").getPrivate().getEncoded()));
    }

    @Test
    void rsaPrivateKeysNeedAnRsaAesWrappingAlgorithm() throws Exception {
        String keyId = externalKey(KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY);
        assertThrows(
                ValidationException.class,
                () -> imports.getParametersForImport(
                        keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_4096));
        assertThrows(
                ValidationException.class,
                () -> imports.getParametersForImport(
                        keyId, WrappingAlgorithm.RSAES_PKCS1_V1_5, WrappingKeySpec.RSA_4096));
        assertThrows(
                ValidationException.class,
                () -> imports.getParametersForImport(keyId, WrappingAlgorithm.SM2PKE, WrappingKeySpec.RSA_2048));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        ImportResult result = importMaterial(keyId, pair.getPrivate().getEncoded());
        assertArrayEquals(
                pair.getPublic().getEncoded(),
                store.findMaterial(keyId, result.keyMaterialId()).orElseThrow().publicKey());
    }

    @Test
    void onlyExternalKeysTakeImportsAndExpiryNeedsValidTo() throws Exception {
        String aws = keysmith.keys()
                .createKey(new NewKey(null, null, null, null, List.of()))
                .keyId();
        assertMessage(
                KmsUnsupportedOperationException.class,
                arn(aws) + " origin is AWS_KMS which is not valid for this operation.",
                () -> imports.getParametersForImport(
                        aws, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048));
        String keyId = externalKey(null, null);
        ImportRequest request =
                wrapped(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, random(32));
        assertMessage(
                ValidationException.class,
                "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
                () -> imports.importKeyMaterial(expiring(request, null, null)));
        assertThrows(
                ValidationException.class,
                () -> imports.importKeyMaterial(expiring(
                        request,
                        ExpirationModel.KEY_MATERIAL_EXPIRES,
                        clock.instant().minusSeconds(1))));
        assertThrows(
                ValidationException.class,
                () -> imports.importKeyMaterial(expiring(
                        request,
                        ExpirationModel.KEY_MATERIAL_EXPIRES,
                        clock.instant().plus(Duration.ofDays(366)))));
    }

    private static ImportRequest expiring(ImportRequest request, ExpirationModel model, Instant validTo) {
        return new ImportRequest(
                request.keyId(),
                request.importToken(),
                request.encryptedKeyMaterial(),
                model,
                validTo,
                null,
                null,
                null);
    }

    @Test
    void materialExpiresAtItsValidToAndTheSweepFindsIt() throws Exception {
        String keyId = externalKey(null, null);
        byte[] material = random(32);
        Instant validTo = clock.instant().plus(Duration.ofDays(2));
        ImportRequest request = wrapped(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_3072, material);
        String materialId = imports.importKeyMaterial(expiring(request, ExpirationModel.KEY_MATERIAL_EXPIRES, validTo))
                .keyMaterialId();
        KeyRecord key = describe(keyId);
        assertEquals(ExpirationModel.KEY_MATERIAL_EXPIRES, key.expirationModel());
        assertEquals(validTo.toEpochMilli(), key.validTo().toEpochMilli());
        byte[] ciphertext = encrypt(keyId, "until then".getBytes());

        clock.advance(Duration.ofDays(2).minusSeconds(1));
        assertEquals(0, keysmith.sweep());
        assertEquals(KeyState.Enabled, store.find(keyId).orElseThrow().keyState());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, keysmith.sweep());

        KeyRecord expired = store.find(keyId).orElseThrow();
        assertEquals(KeyState.PendingImport, expired.keyState());
        assertNull(expired.validTo());
        assertFalse(store.findMaterial(keyId, materialId).orElseThrow().hasSecret());
        assertMessage(KmsInvalidStateException.class, arn(keyId) + " is pending import.", () -> decrypt(ciphertext));

        assertEquals(materialId, importMaterial(keyId, material).keyMaterialId());
        assertArrayEquals("until then".getBytes(), decrypt(ciphertext));
    }

    @Test
    void newMaterialWaitsForOnDemandRotationAndOlderCiphertextsStillOpen() throws Exception {
        String keyId = externalKey(null, null);
        RotationService rotations = keysmith.rotations();
        String first = importMaterial(keyId, random(32)).keyMaterialId();
        byte[] before = encrypt(keyId, "first".getBytes());
        assertMessage(
                KmsInvalidStateException.class,
                "No available key material pending rotation for the key: " + arn(keyId) + ".",
                () -> rotations.rotateKeyOnDemand(keyId));

        clock.advance(Duration.ofSeconds(1));
        String second =
                imports.importKeyMaterial(newMaterial(keyId, random(32))).keyMaterialId();
        assertNotEquals(first, second);
        assertEquals(first, describe(keyId).currentMaterialId());
        ImportRequest third = newMaterial(keyId, random(32));
        KmsException refused = assertThrows(KmsInvalidStateException.class, () -> imports.importKeyMaterial(third));
        assertTrue(refused.getMessage()
                .endsWith("cannot be imported into KMS key " + arn(keyId) + ", because another key material (id: "
                        + second + ") is pending rotation."));

        List<RotationEntry> waiting =
                rotations.listKeyRotations(keyId, true, 10, null).items();
        assertEquals(
                List.of(first, second),
                waiting.stream().map(RotationEntry::materialId).toList());
        assertTrue(waiting.get(1).imported().pendingRotation());
        assertEquals("second generation", waiting.get(1).imported().description());
        assertEquals(
                List.of(), rotations.listKeyRotations(keyId, false, 10, null).items());

        rotations.rotateKeyOnDemand(keyId);

        List<RotationEntry> rotatedList =
                rotations.listKeyRotations(keyId, false, 10, null).items();
        assertEquals(1, rotatedList.size());
        assertEquals(second, rotatedList.get(0).materialId());
        assertTrue(rotatedList.get(0).current());
        assertEquals(RotationType.ON_DEMAND, rotatedList.get(0).rotationType());
        assertFalse(rotatedList.get(0).imported().pendingRotation());
        assertTrue(rotatedList.get(0).importedNow());
        KeyRecord rotated = describe(keyId);
        assertEquals(second, rotated.currentMaterialId());
        assertEquals(1, rotated.rotation().onDemandCount());
        assertEquals(KeyState.Enabled, rotated.keyState());
        assertArrayEquals("first".getBytes(), decrypt(before));
        byte[] after = encrypt(keyId, "second".getBytes());
        assertArrayEquals("second".getBytes(), decrypt(after));
        assertArrayEquals(
                second.getBytes(),
                java.util.HexFormat.of()
                        .formatHex(CiphertextBlob.parse(after).materialId())
                        .getBytes());
    }

    private ImportRequest newMaterial(String keyId, byte[] material) throws Exception {
        ImportRequest request =
                wrapped(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, material);
        return new ImportRequest(
                keyId,
                request.importToken(),
                request.encryptedKeyMaterial(),
                ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE,
                null,
                ImportType.NEW_KEY_MATERIAL,
                "second generation",
                null);
    }

    /** The account's root may do anything except what the import condition keys single out. */
    private static final String IMPORT_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
               "Action": "kms:*", "Resource": "*"},
              {"Sid": "NoRsa2048", "Effect": "Deny", "Principal": "*", "Action": "kms:GetParametersForImport",
               "Resource": "*", "Condition": {"StringEquals": {"kms:WrappingKeySpec": "RSA_2048"}}},
              {"Sid": "NoSha1", "Effect": "Deny", "Principal": "*", "Action": "kms:GetParametersForImport",
               "Resource": "*", "Condition": {"StringEquals": {"kms:WrappingAlgorithm": "RSAES_OAEP_SHA_1"}}},
              {"Sid": "MustExpire", "Effect": "Deny", "Principal": "*", "Action": "kms:ImportKeyMaterial",
               "Resource": "*",
               "Condition": {"StringEquals": {"kms:ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}}},
              {"Sid": "Within30Days", "Effect": "Deny", "Principal": "*", "Action": "kms:ImportKeyMaterial",
               "Resource": "*", "Condition": {"NumericGreaterThan": {"kms:ValidTo": "%d"}}},
              {"Sid": "KeepIt", "Effect": "Deny", "Principal": "*", "Action": "kms:DeleteImportedKeyMaterial",
               "Resource": "*"}
            ]}""";

    @Test
    void theImportConditionKeysDecideBeforeAnythingIsDone() throws Exception {
        long limit = clock.instant().plus(Duration.ofDays(30)).getEpochSecond();
        String keyId = keysmith.keys()
                .createKey(new NewKey(
                        "guarded", null, null, Origin.EXTERNAL, List.of(), IMPORT_POLICY.formatted(limit), true))
                .keyId();
        assertThrows(
                io.keysmith.core.errors.AccessDeniedException.class,
                () -> imports.getParametersForImport(
                        keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048));
        assertThrows(
                io.keysmith.core.errors.AccessDeniedException.class,
                () -> imports.getParametersForImport(
                        keyId, WrappingAlgorithm.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_3072));
        ImportRequest request =
                wrapped(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_3072, random(32));
        assertThrows(io.keysmith.core.errors.AccessDeniedException.class, () -> imports.importKeyMaterial(request));
        assertThrows(
                io.keysmith.core.errors.AccessDeniedException.class,
                () -> imports.importKeyMaterial(expiring(
                        request,
                        ExpirationModel.KEY_MATERIAL_EXPIRES,
                        clock.instant().plus(Duration.ofDays(31)))));
        assertEquals(KeyState.PendingImport, describe(keyId).keyState());

        imports.importKeyMaterial(expiring(
                request, ExpirationModel.KEY_MATERIAL_EXPIRES, clock.instant().plus(Duration.ofDays(29))));
        assertEquals(KeyState.Enabled, describe(keyId).keyState());
        assertThrows(
                io.keysmith.core.errors.AccessDeniedException.class,
                () -> imports.deleteImportedKeyMaterial(keyId, null));
        assertEquals(KeyState.Enabled, describe(keyId).keyState());
    }

    private static KeyPair ecKey(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static void assertMessage(Class<? extends KmsException> type, String message, Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }
}
