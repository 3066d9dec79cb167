package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.KeyPairChecks;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Both data-key-pair operations and Decrypt through the AWS SDK KmsClient over HTTP. */
class DataKeyPairIT extends AgainstInMemoryRunner {
    private static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "purpose", "it");
    private KeyMetadata key;

    @BeforeAll
    void createKey() {
        key = kms.createKey(r -> r.description("data key pairs")).keyMetadata();
        kms.createAlias(r -> r.aliasName("alias/it-pairs").targetKeyId(key.keyId()));
    }

    @ParameterizedTest
    @EnumSource(DataKeyPairSpec.class)
    void generateDataKeyPairForEverySpec(DataKeyPairSpec spec) throws Exception {
        GenerateDataKeyPairResponse response = kms.generateDataKeyPair(
                r -> r.keyId(key.keyId()).keyPairSpec(spec.name()).encryptionContext(CONTEXT));
        assertEquals(key.arn(), response.keyId());
        assertEquals(spec.name(), response.keyPairSpecAsString());
        assertEquals(key.currentKeyMaterialId(), response.keyMaterialId());
        assertTrue(response.keyMaterialId().matches("[0-9a-f]{64}"));
        byte[] privateKey = response.privateKeyPlaintext().asByteArray();
        KeyPairChecks.assertPairWorks(spec, response.publicKey().asByteArray(), privateKey);

        DecryptResponse decrypted = kms.decrypt(
                r -> r.ciphertextBlob(response.privateKeyCiphertextBlob()).encryptionContext(CONTEXT));
        assertArrayEquals(privateKey, decrypted.plaintext().asByteArray());
        assertEquals(key.arn(), decrypted.keyId());
        assertEquals(key.currentKeyMaterialId(), decrypted.keyMaterialId());
    }

    @ParameterizedTest
    @EnumSource(DataKeyPairSpec.class)
    void generateDataKeyPairWithoutPlaintextForEverySpec(DataKeyPairSpec spec) throws Exception {
        GenerateDataKeyPairWithoutPlaintextResponse response = kms.generateDataKeyPairWithoutPlaintext(
                r -> r.keyId("alias/it-pairs").keyPairSpec(spec.name()).encryptionContext(CONTEXT));
        assertEquals(key.arn(), response.keyId());
        assertEquals(spec.name(), response.keyPairSpecAsString());
        assertEquals(key.currentKeyMaterialId(), response.keyMaterialId());

        byte[] privateKey = kms.decrypt(r ->
                        r.ciphertextBlob(response.privateKeyCiphertextBlob()).encryptionContext(CONTEXT))
                .plaintext()
                .asByteArray();
        KeyPairChecks.assertPairWorks(spec, response.publicKey().asByteArray(), privateKey);
    }

    @Test
    void keyIdWorksInAllFourForms() {
        String aliasArn = "arn:aws:kms:us-east-1:000000000000:alias/it-pairs";
        for (String form : List.of(key.keyId(), key.arn(), "alias/it-pairs", aliasArn)) {
            assertEquals(
                    key.arn(),
                    kms.generateDataKeyPair(r -> r.keyId(form).keyPairSpec("ECC_NIST_P256"))
                            .keyId(),
                    form);
            assertEquals(
                    key.arn(),
                    kms.generateDataKeyPairWithoutPlaintext(r -> r.keyId(form).keyPairSpec("ECC_NIST_P256"))
                            .keyId(),
                    form);
            assertEquals(
                    key.keyId(),
                    kms.describeKey(r -> r.keyId(form)).keyMetadata().keyId(),
                    form);
        }
    }

    @Test
    void contextMismatchOrAbsenceIsInvalidCiphertextWithNoDetail() {
        SdkBytes blob = kms.generateDataKeyPairWithoutPlaintext(
                        r -> r.keyId(key.keyId()).keyPairSpec("ECC_NIST_P256").encryptionContext(CONTEXT))
                .privateKeyCiphertextBlob();
        List<Map<String, String>> wrongContexts = List.of(
                Map.of(),
                Map.of("tenant", "acme"),
                Map.of("tenant", "other", "purpose", "it"),
                Map.of("tenant", "acme", "purpose", "it", "extra", "x"));
        for (Map<String, String> wrong : wrongContexts) {
            InvalidCiphertextException e = assertThrows(
                    InvalidCiphertextException.class,
                    () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(wrong)),
                    wrong.toString());
            assertInvalidCiphertextShape(e);
        }
        assertInvalidCiphertextShape(
                assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(blob))));
    }

    @Test
    void decryptNamingAnotherKeyIsIncorrectKey() {
        String otherKey = kms.createKey(r -> {}).keyMetadata().keyId();
        SdkBytes blob = kms.generateDataKeyPairWithoutPlaintext(
                        r -> r.keyId(key.keyId()).keyPairSpec("SM2"))
                .privateKeyCiphertextBlob();
        IncorrectKeyException e = assertThrows(
                IncorrectKeyException.class,
                () -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(otherKey)));
        assertEquals(
                "The key ID in the request does not identify a CMK that can perform this operation.",
                e.awsErrorDetails().errorMessage());
        assertEquals(
                key.arn(),
                kms.decrypt(r -> r.ciphertextBlob(blob).keyId("alias/it-pairs")).keyId());
    }

    @Test
    void changingAnySingleByteOfABlobIsInvalidCiphertext() {
        byte[] blob = kms.generateDataKeyPairWithoutPlaintext(
                        r -> r.keyId(key.keyId()).keyPairSpec("ECC_NIST_P256"))
                .privateKeyCiphertextBlob()
                .asByteArray();
        for (int i = 0; i < blob.length; i++) {
            byte[] tampered = blob.clone();
            tampered[i] ^= 0x01;
            int index = i;
            assertInvalidCiphertextShape(assertThrows(
                    InvalidCiphertextException.class,
                    () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(tampered))),
                    "byte " + index));
        }
        byte[] truncated = java.util.Arrays.copyOf(blob, blob.length - 1);
        assertThrows(
                InvalidCiphertextException.class,
                () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(truncated))));
    }

    @Test
    void aThousandP256PairsAreAllDistinct() {
        Set<SdkBytes> publicKeys = new HashSet<>();
        Set<SdkBytes> privateKeys = new HashSet<>();
        Set<SdkBytes> blobs = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            GenerateDataKeyPairResponse r =
                    kms.generateDataKeyPair(b -> b.keyId(key.keyId()).keyPairSpec("ECC_NIST_P256"));
            publicKeys.add(r.publicKey());
            privateKeys.add(r.privateKeyPlaintext());
            blobs.add(r.privateKeyCiphertextBlob());
        }
        assertEquals(1000, publicKeys.size());
        assertEquals(1000, privateKeys.size());
        assertEquals(1000, blobs.size());
    }

    @Test
    void unknownKeysAndAliasesAreNotFoundInAwsWords() {
        String missing = "11111111-2222-3333-4444-555555555555";
        NotFoundException byId = assertThrows(
                NotFoundException.class,
                () -> kms.generateDataKeyPair(r -> r.keyId(missing).keyPairSpec("RSA_2048")));
        assertEquals(
                "Key 'arn:aws:kms:us-east-1:000000000000:key/" + missing + "' does not exist",
                byId.awsErrorDetails().errorMessage());
        NotFoundException byAlias = assertThrows(
                NotFoundException.class,
                () -> kms.generateDataKeyPairWithoutPlaintext(
                        r -> r.keyId("alias/missing").keyPairSpec("RSA_2048")));
        assertEquals(
                "Alias arn:aws:kms:us-east-1:000000000000:alias/missing is not found.",
                byAlias.awsErrorDetails().errorMessage());
        NotFoundException malformed =
                assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId("fake-key-id")));
        assertEquals("Invalid keyId 'fake-key-id'", malformed.awsErrorDetails().errorMessage());
    }

    private static void assertInvalidCiphertextShape(KmsException e) {
        assertEquals(400, e.statusCode());
        assertEquals("InvalidCiphertextException", e.awsErrorDetails().errorCode());
        // The SDK reads an empty message as null or ""; ProtocolIT checks the exact body on the wire.
        String message = e.awsErrorDetails().errorMessage();
        assertTrue(message == null || message.isEmpty(), message);
    }
}
