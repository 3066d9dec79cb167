package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.KeyPairChecks;
import io.keysmith.core.Randomness;
import io.keysmith.core.SealedKeyPairPool;
import io.keysmith.store.DynamoDbKeyPairPool;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Lambda's RSA pool end to end, over DynamoDB Local: the refill function fills the pool in the keys table, the
 * API handler's SnapStart priming claims nothing (so no pooled pair is in a snapshot), and requests after the restore
 * take the pooled pairs, each once, then generate inline when the pool is dry.
 */
class RsaPoolLambdaIT {
    private static final DataKeyPairSpec SPEC = DataKeyPairSpec.RSA_2048;
    private static final Map<DataKeyPairSpec, Integer> SIZES = Map.of(SPEC, 3);

    @Test
    void noPooledPairIsInTheSnapshotAndEachIsHandedOutOnce() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness(), true, SIZES)) {
            String keyId = lambda.createKey();
            // The refill function, with a root key object of its own, as in its own Lambda environment.
            Randomness refillRandomness = new Randomness();
            RsaPoolRefillHandler refill = new RsaPoolRefillHandler(LambdaWiring.rsaPool(
                    LambdaFixture.SETTINGS,
                    lambda.dynamo,
                    LambdaWiring.rootKey(LambdaFixture.SETTINGS, lambda.dynamo, refillRandomness),
                    refillRandomness,
                    SIZES,
                    SealedKeyPairPool.Outcomes.NONE));
            assertEquals(3, refill.refill(() -> true));
            assertEquals(0, refill.refill(() -> true), "a full pool was refilled");
            DynamoDbKeyPairPool store = new DynamoDbKeyPairPool(lambda.dynamo, "keys", Clock.systemUTC());

            lambda.handler.beforeCheckpoint(null);
            assertEquals(3, store.depth(SPEC), "SnapStart priming claimed a pooled pair into the snapshot");
            lambda.handler.afterRestore(null);

            Set<String> publicKeys = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                JsonNode pair = lambda.call(
                        "GenerateDataKeyPair", "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"" + SPEC + "\"}");
                byte[] publicKey =
                        Base64.getDecoder().decode(pair.get("PublicKey").asText());
                byte[] privateKey = Base64.getDecoder()
                        .decode(pair.get("PrivateKeyPlaintext").asText());
                KeyPairChecks.assertPairWorks(SPEC, publicKey, privateKey);
                JsonNode opened = lambda.call(
                        "Decrypt",
                        "{\"CiphertextBlob\":\""
                                + pair.get("PrivateKeyCiphertextBlob").asText() + "\"}");
                assertArrayEquals(
                        privateKey,
                        Base64.getDecoder().decode(opened.get("Plaintext").asText()));
                assertTrue(publicKeys.add(pair.get("PublicKey").asText()), "a pair was handed out twice");
                // The first three come from the pool, one each; the fourth finds it dry and is generated inline.
                assertEquals(Math.max(0, 2 - i), store.depth(SPEC));
            }
        }
    }

    @Test
    void aBadPoolSettingStopsTheFunctionsStart() {
        assertEquals(Map.of(), LambdaWiring.rsaPoolSizes(Map.of()));
        assertEquals(
                Map.of(DataKeyPairSpec.RSA_2048, 16, DataKeyPairSpec.RSA_4096, 64),
                LambdaWiring.rsaPoolSizes(Map.of("RSA_POOL", "2048=16,4096=64")));
        assertThrows(IllegalStateException.class, () -> LambdaWiring.rsaPoolSizes(Map.of("RSA_POOL", "1024=4")));
    }
}
