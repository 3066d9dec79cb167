package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.errors.DisabledException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.LimitExceededException;
import io.keysmith.core.errors.NotAuthorizedException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.core.errors.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Key states, deletion, rotation and aliases over time, with a clock the test moves. */
@org.junit.jupiter.api.extension.ExtendWith(AsAccountRoot.class)
class LifecycleTest {
    private final MutableClock clock = new MutableClock();
    private final Keysmith keysmith = InMemoryPorts.keysmith(clock);
    private final KeyService keys = keysmith.keys();
    private final RotationService rotations = keysmith.rotations();
    private final CryptoService crypto = keysmith.crypto();
    private final KeyRecord key = keys.createKey(new NewKey(null, null, null, null, List.of()));
    private final String id = key.keyId();
    private final String arn = keysmith.location().keyArn(id);

    private DataKeyPair pair() {
        return crypto.generateDataKeyPair(
                "GenerateDataKeyPair",
                new DataKeyPairRequest(id, DataKeyPairSpec.ECC_NIST_P256, Map.of(), false),
                null);
    }

    private Encrypted encrypt(String keyId, byte[] plaintext, Map<String, String> context) {
        return crypto.encrypt(new EncryptRequest(keyId, new SecretBytes(plaintext), context, null, false));
    }

    private byte[] decrypt(byte[] ciphertext, Map<String, String> context, EncryptionAlgorithm algorithm) {
        return crypto.decrypt(new DecryptRequest(ciphertext, context, null, algorithm, false), null)
                .plaintext()
                .reveal();
    }

    @Test
    void disabledKeysRefuseCryptographyUntilEnabled() {
        keys.disableKey(id);
        assertEquals(KeyState.Disabled, keys.describeKey(id).keyState());
        assertMessage(DisabledException.class, arn + " is disabled.", this::pair);
        keys.enableKey(id);
        assertEquals(arn, pair().keyArn());
    }

    @Test
    void deletionWaitsItsWindowThenRemovesKeyMaterialAndAliases() {
        keysmith.aliases().createAlias("alias/doomed", id);
        assertMessage(
                ValidationException.class,
                "PendingWindowInDays should be between 7 and 30, but it is 6",
                () -> keys.scheduleKeyDeletion(id, 6));
        KeyRecord pending = keys.scheduleKeyDeletion(id, null);
        assertEquals(KeyState.PendingDeletion, pending.keyState());
        assertEquals(30, pending.pendingWindowInDays());
        assertEquals(
                clock.instant().plus(Duration.ofDays(30)).toEpochMilli(),
                pending.deletionDate().toEpochMilli(),
                1);
        assertMessage(KmsInvalidStateException.class, arn + " is pending deletion.", this::pair);
        assertMessage(
                KmsInvalidStateException.class, arn + " is pending deletion.", () -> keys.scheduleKeyDeletion(id, 7));
        assertEquals(KeyState.PendingDeletion, keys.describeKey("alias/doomed").keyState());

        clock.advance(Duration.ofDays(29));
        assertEquals(KeyState.PendingDeletion, keys.describeKey(id).keyState());
        clock.advance(Duration.ofDays(1));
        assertMessage(NotFoundException.class, "Key '" + arn + "' does not exist", () -> keys.describeKey(id));
        assertThrows(NotFoundException.class, () -> keys.describeKey("alias/doomed"));
        assertTrue(keysmith.aliases().listAliases(null, 50, null).items().isEmpty());
    }

    @Test
    void sweepDeletesKeysNobodyReads() {
        keys.scheduleKeyDeletion(id, 7);
        assertEquals(0, keysmith.sweep());
        clock.advance(Duration.ofDays(7));
        assertEquals(1, keysmith.sweep());
        assertTrue(keys.listKeys(10, null).items().isEmpty());
    }

    @Test
    void cancelledDeletionLeavesTheKeyDisabled() {
        keys.scheduleKeyDeletion(id, 7);
        assertEquals(KeyState.Disabled, keys.cancelKeyDeletion(id).keyState());
        assertMessage(
                KmsInvalidStateException.class, arn + " is not pending deletion.", () -> keys.cancelKeyDeletion(id));
        clock.advance(Duration.ofDays(8));
        assertEquals(KeyState.Disabled, keys.describeKey(id).keyState());
    }

    @Test
    void automaticRotationHappensWhenDueAndOldBlobsStillDecrypt() {
        DataKeyPair before = pair();
        rotations.enableKeyRotation(id, 90);
        KeyRotationStatus status = rotations.getKeyRotationStatus(id);
        assertTrue(status.rotation().enabled());
        assertEquals(90, status.rotation().periodInDays());

        clock.advance(Duration.ofDays(90));
        DataKeyPair after = pair();
        assertNotEquals(before.materialId(), after.materialId());
        assertEquals(after.materialId(), keys.describeKey(id).currentMaterialId());
        assertArrayEquals(before.privateKey().reveal(), decrypt(before.privateKeyCiphertext(), Map.of(), null));
        List<RotationEntry> rotated =
                rotations.listKeyRotations(id, false, 10, null).items();
        assertEquals(1, rotated.size());
        assertEquals(RotationType.AUTOMATIC, rotated.get(0).rotationType());
        assertTrue(rotated.get(0).current());
        assertEquals(2, rotations.listKeyRotations(id, true, 10, null).items().size());
    }

    @Test
    void onDemandRotationHasAwsLimit() {
        String first = key.currentMaterialId();
        assertEquals(arn, rotations.rotateKeyOnDemand(id));
        assertNotEquals(first, keys.describeKey(id).currentMaterialId());
        assertFalse(rotations.getKeyRotationStatus(id).rotation().enabled());
        for (int i = 1; i < RotationService.ON_DEMAND_LIMIT; i++) {
            rotations.rotateKeyOnDemand(id);
        }
        assertMessage(
                LimitExceededException.class,
                "The on-demand rotations limit has been reached for the given "
                        + "keyId. No more on-demand rotations can be performed for this key: " + arn,
                () -> rotations.rotateKeyOnDemand(id));
        assertEquals(
                RotationService.ON_DEMAND_LIMIT,
                rotations.listKeyRotations(id, false, 100, null).items().size());
    }

    @Test
    void asymmetricAndHmacKeysGetMaterialButRefuseDataKeys() {
        KeyRecord signing =
                keys.createKey(new NewKey(null, KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, null, List.of()));
        KeyRecord hmac =
                keys.createKey(new NewKey(null, KeySpec.HMAC_384, KeyUsage.GENERATE_VERIFY_MAC, null, List.of()));
        KeyRecord mlDsa = keys.createKey(new NewKey(null, KeySpec.ML_DSA_44, KeyUsage.SIGN_VERIFY, null, List.of()));
        String signingArn = keysmith.location().keyArn(signing.keyId());
        assertMessage(
                InvalidKeyUsageException.class,
                signingArn + " key usage is SIGN_VERIFY which is not valid for Encrypt.",
                () -> encrypt(signing.keyId(), new byte[] {1}, Map.of()));
        assertMessage(
                InvalidKeyUsageException.class,
                signingArn + " key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.",
                () -> crypto.generateDataKeyPair(
                        "GenerateDataKeyPair",
                        new DataKeyPairRequest(signing.keyId(), DataKeyPairSpec.SM2, Map.of(), false),
                        null));
        assertThrows(KmsUnsupportedOperationException.class, () -> rotations.rotateKeyOnDemand(hmac.keyId()));
        assertEquals(List.of("HMAC_SHA_384"), KeySpecs.macAlgorithms(hmac.keySpec(), hmac.keyUsage()));
        assertEquals(
                List.of(SigningAlgorithm.ML_DSA_SHAKE_256),
                KeySpecs.signingAlgorithms(mlDsa.keySpec(), mlDsa.keyUsage()));
    }

    @Test
    void importedKeysWaitForMaterial() {
        KeyRecord external = keys.createKey(new NewKey(null, null, null, Origin.EXTERNAL, List.of()));
        String externalArn = keysmith.location().keyArn(external.keyId());
        assertEquals(KeyState.PendingImport, external.keyState());
        assertMessage(
                KmsInvalidStateException.class,
                externalArn + " is pending import.",
                () -> rotations.rotateKeyOnDemand(external.keyId()));
        assertMessage(
                KmsInvalidStateException.class,
                externalArn + " is pending import.",
                () -> encrypt(external.keyId(), new byte[] {1}, Map.of()));
    }

    @Test
    void symmetricOperationsRoundTrip() {
        Encrypted encrypted = encrypt(id, new byte[] {1, 2, 3}, Map.of("a", "b"));
        assertArrayEquals(
                new byte[] {1, 2, 3},
                decrypt(encrypted.ciphertext(), Map.of("a", "b"), EncryptionAlgorithm.SYMMETRIC_DEFAULT));
        DataKey dataKey = crypto.generateDataKey(
                "GenerateDataKey", new DataKeyRequest(id, DataKeySpec.AES_128, null, Map.of(), false));
        assertEquals(16, dataKey.plaintext().length());
        assertMessage(
                ValidationException.class,
                "Please specify either number of bytes or key spec.",
                () -> crypto.generateDataKey(
                        "GenerateDataKey", new DataKeyRequest(id, DataKeySpec.AES_128, 16, Map.of(), false)));
        KeyRecord other = keys.createKey(new NewKey(null, null, null, null, List.of()));
        ReEncrypted moved = crypto.reEncrypt(new ReEncryptRequest(
                encrypted.ciphertext(), Map.of("a", "b"), null, null, other.keyId(), Map.of(), null, false));
        assertEquals(
                keysmith.location().keyArn(other.keyId()), moved.destination().keyArn());
        assertArrayEquals(new byte[] {1, 2, 3}, decrypt(moved.destination().ciphertext(), Map.of(), null));
        assertMessage(ValidationException.class, "NumberOfBytes is required.", () -> crypto.generateRandom(null));
        assertEquals(7, crypto.generateRandom(7).length());
    }

    @Test
    void aliasesMoveBetweenKeysOfOneKindAndCanBeDeleted() {
        AliasService aliases = keysmith.aliases();
        KeyRecord other = keys.createKey(new NewKey(null, null, null, null, List.of()));
        aliases.createAlias("alias/moving", id);
        aliases.updateAlias("alias/moving", other.keyId());
        assertEquals(other.keyId(), keys.describeKey("alias/moving").keyId());
        KeyRecord signing = keys.createKey(new NewKey(null, KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY, null, List.of()));
        assertThrows(ValidationException.class, () -> aliases.updateAlias("alias/moving", signing.keyId()));
        assertThrows(NotAuthorizedException.class, () -> aliases.createAlias("alias/aws/s3", id));
        aliases.deleteAlias("alias/moving");
        assertMessage(
                NotFoundException.class,
                "Alias arn:aws:kms:us-east-1:111122223333:alias/moving is not found.",
                () -> aliases.deleteAlias("alias/moving"));
    }

    @Test
    void tagsMergeUntagAndPage() {
        keys.tagResource(id, List.of(new Tag("a", "1"), new Tag("b", "2"), new Tag("c", "3")));
        keys.tagResource(id, List.of(new Tag("b", "two"), new Tag("d", "4")));
        keys.untagResource(id, List.of("a"));
        Page<Tag> first = keys.listResourceTags(id, 2, null);
        assertEquals(List.of(new Tag("b", "two"), new Tag("c", "3")), first.items());
        assertEquals(
                List.of(new Tag("d", "4")),
                keys.listResourceTags(id, 2, first.nextMarker()).items());
        assertThrows(
                ValidationException.class,
                () -> keys.listResourceTags(id, 2, keys.listKeys(1, null).nextMarker() + "x"));
    }

    private static void assertMessage(Class<? extends KmsException> type, String message, Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }
}
