package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The DynamoDB root key is created once, on purpose: by {@code init-root-key}, or by the runner's
 * first start on a brand-new store. A store with keys but no root key is refused. With
 * {@code --root-key-kms-key}, the item is sealed under a KMS key, here a second Keysmith standing in
 * for AWS KMS, and a wrong or disabled key fails closed.
 */
class RootKeyInitIT {
    private static final Map<String, AttributeValue> ITEM_KEY = Map.of("PK", AttributeValue.fromS("ROOT_KEY"));

    @TempDir
    Path dataDir;

    private String[] args(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--port", "0", "--data-dir", dataDir.toString()}, 0, all, args.length, 4);
        return all;
    }

    private static RunnerOutput run(String... args) throws Exception {
        return new RunnerOutput(RunnerProcess.start(args));
    }

    /** The data dir's tables, opened directly while no runner uses them. */
    private void inDataDir(Consumer<DynamoDbClient> action) {
        // true: telemetry off, so no dynamodb-local-metadata.json in the working directory
        AmazonDynamoDBLocal local =
                DynamoDBEmbedded.create(dataDir.resolve("keysmith.db").toFile(), true);
        try {
            action.accept(local.dynamoDbClient());
        } finally {
            local.shutdown();
        }
    }

    private Map<String, AttributeValue> rootKeyItem() {
        Map<String, AttributeValue>[] item = new Map[1];
        inDataDir(d -> item[0] = d.getItem(
                        r -> r.tableName(EmbeddedDynamo.ROOT_KEY_TABLE).key(ITEM_KEY))
                .item());
        return item[0];
    }

    @Test
    void aBrandNewStoreGetsItsRootKeyAtFirstStartAndSaysSo() throws Exception {
        try (RunnerOutput memory = run("--in-memory", "--port", "0")) {
            assertTrue(memory.awaitListening() > 0, memory.output());
            assertEquals(
                    List.of(
                            "Keysmith created a new root key in memory (first start, none protection)",
                            "no --identities: every caller is arn:aws:iam::000000000000:root"),
                    memory.lines.subList(0, memory.lines.size() - 1));
        }
        try (RunnerOutput first = run(args())) {
            assertTrue(first.awaitListening() > 0, first.output());
            assertTrue(first.output().contains("Keysmith created a new root key in the data dir"), first.output());
        }
        try (RunnerOutput second = run(args())) {
            assertTrue(second.awaitListening() > 0, second.output());
            assertFalse(second.output().contains("created"), "a restart made a root key: " + second.output());
        }
    }

    @Test
    void aStoreWithKeysButNoRootKeyIsRefusedWithOneLine() throws Exception {
        try (RunnerOutput first = run(args())) {
            int port = first.awaitListening();
            first.kms(port).createKey(r -> r.description("orphaned if the root key goes"));
        }
        inDataDir(d ->
                d.deleteItem(r -> r.tableName(EmbeddedDynamo.ROOT_KEY_TABLE).key(ITEM_KEY)));

        RunnerOutput refused = run(args());
        assertEquals(1, refused.awaitExit(), refused.output());
        assertEquals(1, refused.lines.size(), refused.output());
        assertTrue(refused.lines.get(0).startsWith("keysmith-local: the data dir "), refused.output());
        assertTrue(refused.lines.get(0).contains("holds keys but no root key"), refused.output());
        assertTrue(rootKeyItem().isEmpty(), "the refused start created a root key");

        RunnerOutput init = run("init-root-key", "--data-dir", dataDir.toString());
        assertEquals(1, init.awaitExit(), init.output());
        assertTrue(rootKeyItem().isEmpty(), "init-root-key made a root key beside keys it cannot open");
    }

    @Test
    void initRootKeyCreatesOnceAndNeverOverwrites() throws Exception {
        RunnerOutput init = run("init-root-key", "--data-dir", dataDir.toString());
        assertEquals(0, init.awaitExit(), init.output());
        assertTrue(init.output().startsWith("init-root-key: created root key ddb-"), init.output());
        Map<String, AttributeValue> item = rootKeyItem();
        assertEquals("none", item.get("Protection").s());

        RunnerOutput again = run("init-root-key", "--data-dir", dataDir.toString());
        assertEquals(0, again.awaitExit(), again.output());
        assertTrue(again.output().contains("already holds a root key"), again.output());
        assertEquals(item, rootKeyItem(), "a second init-root-key changed the root key");

        try (RunnerOutput runner = run(args())) {
            assertTrue(runner.awaitListening() > 0, runner.output());
            assertFalse(runner.output().contains("created"), runner.output());
        }
    }

    @Test
    void theRootKeySealedUnderKmsOpensOnlyWithThatKey() throws Exception {
        // Given: a stand-in AWS KMS with two keys
        try (LocalKeysmith awsKms = LocalKeysmith.inMemory()) {
            String envelopeKey = awsKms.kms
                    .createKey(r -> r.description("root key envelope"))
                    .keyMetadata()
                    .arn();
            String otherKey = awsKms.kms
                    .createKey(r -> r.description("another key"))
                    .keyMetadata()
                    .arn();
            String endpoint = awsKms.endpoint().toString();

            // When: the root key is initialised under one of them
            RunnerOutput init = run(
                    "init-root-key",
                    "--data-dir",
                    dataDir.toString(),
                    "--root-key-kms-key",
                    envelopeKey,
                    "--kms-endpoint",
                    endpoint);
            // Then: the root key item holds it sealed under that key, and not its bytes
            assertEquals(0, init.awaitExit(), init.output());
            assertTrue(init.output().contains("(kms protection)"), init.output());
            Map<String, AttributeValue> item = rootKeyItem();
            assertEquals("kms", item.get("Protection").s());
            assertEquals(envelopeKey, item.get("KmsKeyId").s());
            assertFalse(item.containsKey("KeyBytes"), "the root key's bytes lie in the item");
            // The sealed bytes are a blob of the stand-in KMS: it opens them with the envelope's context.
            SdkBytes opened = awsKms.kms
                    .decrypt(r -> r.ciphertextBlob(item.get("SealedKey").b())
                            .keyId(envelopeKey)
                            .encryptionContext(Map.of(
                                    "keysmith:purpose",
                                    "root-key",
                                    "keysmith:root-key-id",
                                    item.get("RootKeyId").s())))
                    .plaintext();
            assertEquals(32, opened.asByteArray().length);

            // When: a runner started with that key makes a data key
            SdkBytes blob;
            byte[] plaintext;
            try (RunnerOutput sealed = run(args("--root-key-kms-key", envelopeKey, "--kms-endpoint", endpoint))) {
                int port = sealed.awaitListening();
                assertTrue(port > 0, sealed.output());
                KmsClient kms = sealed.kms(port);
                String keyId = kms.createKey(r -> {}).keyMetadata().keyId();
                var dataKey = kms.generateDataKey(r -> r.keyId(keyId).keySpec("AES_256"));
                blob = dataKey.ciphertextBlob();
                plaintext = dataKey.plaintext().asByteArray();
            }
            // Then: a runner started again with that key decrypts it
            try (RunnerOutput again = run(args("--root-key-kms-key", envelopeKey, "--kms-endpoint", endpoint))) {
                int port = again.awaitListening();
                assertTrue(port > 0, again.output());
                assertArrayEquals(
                        plaintext,
                        again.kms(port)
                                .decrypt(r -> r.ciphertextBlob(blob))
                                .plaintext()
                                .asByteArray());
            }

            // When: the runner is started with the other key, with no KMS key, or with that key disabled
            // Then: it refuses to start, and leaves the root key as it was
            assertRefused(run(args("--root-key-kms-key", otherKey, "--kms-endpoint", endpoint)), "did not open");
            assertRefused(run(args()), "protected by 'kms'");
            awsKms.kms.disableKey(r -> r.keyId(envelopeKey));
            assertRefused(run(args("--root-key-kms-key", envelopeKey, "--kms-endpoint", endpoint)), "did not open");
            assertEquals(item, rootKeyItem(), "a failed start changed the root key");
        }
    }

    private static void assertRefused(RunnerOutput runner, String reason) throws Exception {
        assertEquals(1, runner.awaitExit(), runner.output());
        assertEquals(1, runner.lines.size(), runner.output());
        assertTrue(
                runner.lines.get(0).startsWith("keysmith-local: ")
                        && runner.lines.get(0).contains(reason),
                runner.output());
    }
}
