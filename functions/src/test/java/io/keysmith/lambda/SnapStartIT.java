package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.Randomness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A SnapStart restore clones the JVM, random generator state included. The test copies the
 * handler's generator state at checkpoint time (a SHA1PRNG, whose state serializes), computes the
 * key that state would generate next, and shows that without a restore the handler generates
 * exactly that key (the control), while after beforeCheckpoint/afterRestore it does not.
 */
class SnapStartIT {
    /** The first generator is a deterministic SHA1PRNG; renew() gives OS-seeded ones. */
    private static Randomness snapshottable() {
        return new Randomness(new Supplier<>() {
            private boolean first = true;

            @Override
            public SecureRandom get() {
                if (!first) {
                    return new SecureRandom();
                }
                first = false;
                try {
                    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
                    random.setSeed("state captured in the snapshot".getBytes());
                    return random;
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    /** A copy of the generator in its current state, as a snapshot would hold it. */
    private static SecureRandom copyOf(SecureRandom random) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SecureRandom) in.readObject();
        }
    }

    private static byte[] nextP256Key(SecureRandom state) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), state);
        return generator.generateKeyPair().getPrivate().getEncoded();
    }

    private static byte[] generateThroughHandler(LambdaFixture lambda, String keyId) throws Exception {
        JsonNode pair =
                lambda.call("GenerateDataKeyPair", "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"ECC_NIST_P256\"}");
        return Base64.getDecoder().decode(pair.get("PrivateKeyPlaintext").asText());
    }

    @Test
    void withoutARestoreTheCapturedStateDecidesTheKey() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(snapshottable())) {
            String keyId = lambda.createKey();
            byte[] dictated = nextP256Key(copyOf(lambda.randomness.generator()));
            assertArrayEquals(
                    dictated,
                    generateThroughHandler(lambda, keyId),
                    "control: the captured generator state should decide this key");
        }
    }

    @Test
    void primingBeforeTheCheckpointDrawsNothingFromTheHandlersRandomness() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(snapshottable())) {
            String keyId = lambda.createKey();
            byte[] dictated = nextP256Key(copyOf(lambda.randomness.generator()));
            lambda.handler.beforeCheckpoint(null); // primes the request path, with randomness of its own
            assertArrayEquals(
                    dictated,
                    generateThroughHandler(lambda, keyId),
                    "priming drew from the generator that the snapshot captures");
        }
    }

    @Test
    void afterRestoreKeyGenerationDoesNotDrawFromTheCapturedState() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(snapshottable())) {
            String keyId = lambda.createKey();
            lambda.handler.beforeCheckpoint(null);
            byte[] dictated = nextP256Key(copyOf(lambda.randomness.generator()));
            lambda.handler.afterRestore(null);
            assertFalse(
                    Arrays.equals(dictated, generateThroughHandler(lambda, keyId)),
                    "a restored handler generated the key the snapshotted state dictates");
        }
    }
}
