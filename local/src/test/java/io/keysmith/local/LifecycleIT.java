package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/** Each lifecycle transition through the AWS SDK KmsClient against keysmith-local.jar. */
class LifecycleIT extends AgainstInMemoryRunner {

    private KeyMetadata newKey() {
        return kms.createKey(r -> r.description("lifecycle")).keyMetadata();
    }

    private GenerateDataKeyPairResponse pair(String keyId) {
        return kms.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec("ECC_NIST_P256"));
    }

    @Test
    void disableAndEnable() {
        KeyMetadata key = newKey();
        kms.disableKey(r -> r.keyId(key.keyId()));
        KeyMetadata disabled = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertEquals(KeyState.DISABLED, disabled.keyState());
        assertFalse(disabled.enabled());
        DisabledException e = assertThrows(DisabledException.class, () -> pair(key.keyId()));
        assertEquals(key.arn() + " is disabled.", e.awsErrorDetails().errorMessage());
        kms.enableKey(r -> r.keyId(key.keyId()));
        assertEquals(key.arn(), pair(key.keyId()).keyId());
    }

    @Test
    void updateKeyDescription() {
        KeyMetadata key = newKey();
        kms.updateKeyDescription(r -> r.keyId(key.arn()).description("renamed"));
        assertEquals(
                "renamed",
                kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().description());
    }

    @Test
    void scheduledDeletionThenCancelLeavesTheKeyDisabled() {
        KeyMetadata key = newKey();
        ScheduleKeyDeletionResponse scheduled =
                kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        assertEquals(KeyState.PENDING_DELETION, scheduled.keyState());
        assertEquals(7, scheduled.pendingWindowInDays());
        KeyMetadata pending = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertEquals(scheduled.deletionDate(), pending.deletionDate());
        KmsInvalidStateException e = assertThrows(KmsInvalidStateException.class, () -> pair(key.keyId()));
        assertEquals(key.arn() + " is pending deletion.", e.awsErrorDetails().errorMessage());
        assertEquals(key.arn(), kms.cancelKeyDeletion(r -> r.keyId(key.keyId())).keyId());
        assertEquals(
                KeyState.DISABLED,
                kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState());
    }

    @Test
    void onDemandRotationKeepsOldBlobsDecryptable() {
        KeyMetadata key = newKey();
        GenerateDataKeyPairResponse before = pair(key.keyId());
        assertEquals(key.arn(), kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())).keyId());
        GenerateDataKeyPairResponse after = pair(key.keyId());
        assertNotEquals(before.keyMaterialId(), after.keyMaterialId());
        for (GenerateDataKeyPairResponse p : List.of(before, after)) {
            assertArrayEquals(
                    p.privateKeyPlaintext().asByteArray(),
                    kms.decrypt(r -> r.ciphertextBlob(p.privateKeyCiphertextBlob()))
                            .plaintext()
                            .asByteArray());
        }
        assertEquals(
                List.of(RotationType.ON_DEMAND),
                kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations().stream()
                        .map(r -> r.rotationType())
                        .toList());
    }

    @Test
    void tagsThroughTheSdk() {
        KeyMetadata key = newKey();
        kms.tagResource(r -> r.keyId(key.keyId())
                .tags(
                        Tag.builder().tagKey("team").tagValue("crypto").build(),
                        Tag.builder().tagKey("env").tagValue("test").build()));
        kms.untagResource(r -> r.keyId(key.keyId()).tagKeys("env"));
        assertEquals(
                List.of(Tag.builder().tagKey("team").tagValue("crypto").build()),
                kms.listResourceTags(r -> r.keyId(key.keyId())).tags());
    }

    @Test
    void aliasUpdateAndDelete() {
        KeyMetadata first = newKey();
        KeyMetadata second = newKey();
        kms.createAlias(r -> r.aliasName("alias/moves").targetKeyId(first.keyId()));
        kms.updateAlias(r -> r.aliasName("alias/moves").targetKeyId(second.arn()));
        assertEquals(
                second.keyId(),
                kms.describeKey(r -> r.keyId("alias/moves")).keyMetadata().keyId());
        kms.deleteAlias(r -> r.aliasName("alias/moves"));
        assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId("alias/moves")));
    }

    @Test
    void symmetricOperationsAndDryRun() {
        KeyMetadata key = newKey();
        KeyMetadata other = newKey();
        SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("secret")))
                .ciphertextBlob();
        SdkBytes moved = kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(other.keyId()))
                .ciphertextBlob();
        assertEquals(
                "secret", kms.decrypt(r -> r.ciphertextBlob(moved)).plaintext().asUtf8String());
        var dataKey = kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(64));
        assertEquals(64, dataKey.plaintext().asByteArray().length);
        assertArrayEquals(
                dataKey.plaintext().asByteArray(),
                kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob()))
                        .plaintext()
                        .asByteArray());
        assertNotEquals(
                null,
                kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).keySpec("AES_256"))
                        .ciphertextBlob());
        assertEquals(
                32, kms.generateRandom(r -> r.numberOfBytes(32)).plaintext().asByteArray().length);
        assertThrows(
                DryRunOperationException.class,
                () -> kms.encrypt(r -> r.keyId(key.keyId())
                        .plaintext(SdkBytes.fromUtf8String("x"))
                        .dryRun(true)));
    }

    @Test
    void asymmetricKeysHaveTheirAlgorithmsAndRefuseDataKeys() {
        KeyMetadata signing = kms.createKey(r -> r.keySpec("ECC_NIST_P384").keyUsage("SIGN_VERIFY"))
                .keyMetadata();
        assertEquals(List.of("ECDSA_SHA_384"), signing.signingAlgorithmsAsStrings());
        InvalidKeyUsageException e = assertThrows(InvalidKeyUsageException.class, () -> pair(signing.keyId()));
        assertEquals(
                signing.arn() + " key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.",
                e.awsErrorDetails().errorMessage());
    }
}
