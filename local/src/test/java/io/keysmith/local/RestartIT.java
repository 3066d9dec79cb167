package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;

/** Keys, aliases and the root key live in the data dir: blobs made before a restart decrypt after it. */
class RestartIT {
    @TempDir
    Path dataDir;

    @Test
    void oldBlobsDecryptAfterARestartWithTheSameDataDir() throws Exception {
        // Given: a runner on a data dir made a key, an alias to it, and two data key pairs
        Map<String, String> context = Map.of("app", "restart");
        String keyArn;
        GenerateDataKeyPairResponse rsa;
        GenerateDataKeyPairResponse ed25519;
        try (LocalKeysmith first = LocalKeysmith.onDisk(dataDir)) {
            keyArn = first.kms
                    .createKey(r -> r.description("survives"))
                    .keyMetadata()
                    .arn();
            first.kms.createAlias(r -> r.aliasName("alias/durable").targetKeyId(keyArn));
            rsa = first.kms.generateDataKeyPair(
                    r -> r.keyId("alias/durable").keyPairSpec("RSA_2048").encryptionContext(context));
            ed25519 = first.kms.generateDataKeyPair(r -> r.keyId(keyArn).keyPairSpec("ECC_NIST_EDWARDS25519"));
        }
        // When: a second runner starts on the same data dir
        try (LocalKeysmith second = LocalKeysmith.onDisk(dataDir)) {
            // Then: it resolves the alias, keeps the key's description, and decrypts both blobs
            assertEquals(
                    keyArn,
                    second.kms
                            .describeKey(r -> r.keyId("alias/durable"))
                            .keyMetadata()
                            .arn());
            assertEquals(
                    "survives",
                    second.kms.describeKey(r -> r.keyId(keyArn)).keyMetadata().description());
            assertArrayEquals(
                    rsa.privateKeyPlaintext().asByteArray(), decrypt(second, rsa.privateKeyCiphertextBlob(), context));
            assertArrayEquals(
                    ed25519.privateKeyPlaintext().asByteArray(),
                    decrypt(second, ed25519.privateKeyCiphertextBlob(), Map.of()));
        }
    }

    private static byte[] decrypt(LocalKeysmith keysmith, SdkBytes blob, Map<String, String> context) {
        return keysmith.kms
                .decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context))
                .plaintext()
                .asByteArray();
    }
}
