package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.KeyPairChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairWithoutPlaintextResponse;

/**
 * The local RSA pool (--rsa-pool) through the AWS SDK: pairs that come from the pool are valid key pairs, sealed and
 * decryptable as any other, and no pair is handed out twice, within a run and across a restart on the same data
 * dir. The runner says, when it stops, how many pairs came from the pool; that line shows the pool was used.
 */
class RsaPoolIT {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "rsa-pool-it");
    private static final Pattern SERVED = Pattern.compile("RSA_2048 (\\d+) from the pool, (\\d+) inline");
    private static final int REQUESTS = 6;

    @TempDir
    Path dataDir;

    @Test
    void pooledPairsAreValidAndDistinctAcrossARestart() throws Exception {
        Set<String> publicKeys = new HashSet<>();
        for (int run = 0; run < 2; run++) {
            LocalKeysmith keysmith = LocalKeysmith.onDisk(dataDir, "--rsa-pool", "2048=4");
            String keyId;
            try {
                awaitLine(keysmith, "Keysmith RSA pool RSA_2048 ready: 4 pairs");
                keyId = run == 0
                        ? keysmith.kms
                                .createKey(r -> r.description("pool"))
                                .keyMetadata()
                                .keyId()
                        : keysmith.kms.listKeys().keys().get(0).keyId();
                for (byte[] publicKey : pairs(keysmith.kms, keyId)) {
                    assertTrue(publicKeys.add(HexFormat.of().formatHex(publicKey)), "a pair was handed out twice");
                }
            } finally {
                keysmith.stopReadingToTheEnd();
            }
            Matcher served = SERVED.matcher(keysmith.output());
            assertTrue(served.find(), "no RSA pool line when the runner stopped: " + keysmith.output());
            int fromPool = Integer.parseInt(served.group(1));
            assertTrue(fromPool >= 4, "the 4 ready pairs were not taken from the pool: " + served.group());
            assertEquals(REQUESTS, fromPool + Integer.parseInt(served.group(2)), served.group());
        }
        assertEquals(2 * REQUESTS, publicKeys.size());
    }

    @Test
    void withThePoolOffEveryPairIsGeneratedInline() throws Exception {
        try (LocalKeysmith keysmith = LocalKeysmith.inMemory("--rsa-pool", "0")) {
            String keyId = keysmith.kms
                    .createKey(r -> r.description("no pool"))
                    .keyMetadata()
                    .keyId();
            List<byte[]> publicKeys = pairs(keysmith.kms, keyId);
            assertEquals(
                    REQUESTS,
                    publicKeys.stream()
                            .map(HexFormat.of()::formatHex)
                            .distinct()
                            .count());
            assertFalse(keysmith.output().contains("RSA pool"), keysmith.output());
        }
    }

    /** {@value #REQUESTS} RSA_2048 pairs, half with the plaintext and half without, each checked; their public keys. */
    private static List<byte[]> pairs(KmsClient kms, String keyId) throws Exception {
        List<byte[]> publicKeys = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            byte[] publicKey;
            byte[] privateKey;
            SdkBytes sealed;
            if (i % 2 == 0) {
                GenerateDataKeyPairResponse pair = kms.generateDataKeyPair(r -> r.keyId(keyId)
                        .keyPairSpec(DataKeyPairSpec.RSA_2048.name())
                        .encryptionContext(CONTEXT));
                publicKey = pair.publicKey().asByteArray();
                privateKey = pair.privateKeyPlaintext().asByteArray();
                sealed = pair.privateKeyCiphertextBlob();
            } else {
                GenerateDataKeyPairWithoutPlaintextResponse pair =
                        kms.generateDataKeyPairWithoutPlaintext(r -> r.keyId(keyId)
                                .keyPairSpec(DataKeyPairSpec.RSA_2048.name())
                                .encryptionContext(CONTEXT));
                publicKey = pair.publicKey().asByteArray();
                sealed = pair.privateKeyCiphertextBlob();
                privateKey = null;
            }
            byte[] opened = kms.decrypt(r -> r.ciphertextBlob(sealed).encryptionContext(CONTEXT))
                    .plaintext()
                    .asByteArray();
            if (privateKey != null) {
                assertArrayEquals(privateKey, opened);
            }
            KeyPairChecks.assertPairWorks(DataKeyPairSpec.RSA_2048, publicKey, opened);
            publicKeys.add(publicKey);
        }
        return publicKeys;
    }

    private static void awaitLine(LocalKeysmith keysmith, String line) throws InterruptedException {
        // No timing assertion: a generous bound only so that a broken pool fails rather than hangs.
        for (int i = 0; i < 1200 && !keysmith.output().contains(line); i++) {
            Thread.sleep(100);
        }
        assertTrue(keysmith.output().contains(line), keysmith.output());
    }
}
