package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Durability under kill -9: four writers drive the runner on a data dir (CreateKey, CreateAlias and
 * UpdateAlias, rotations, ScheduleKeyDeletion, GenerateDataKeyPair), and the runner's JVM is killed
 * with SIGKILL at a random moment, five times. Between runs the tables are read raw (nothing half
 * written), and after each restart every acknowledged write is there and every acknowledged blob
 * decrypts. The seed is printed; {@code -Dkeysmith.kill.seed=N} replays one run's timings.
 *
 * <p>Before {@link CommitWaitingDynamoDb}, this found an acknowledged write missing in about two runs
 * of three: DynamoDB Local answered TransactWriteItems before its COMMIT had run.
 */
class KillNineIT {
    private static final int ROUNDS = 5;
    private static final int MAX_OPS_PER_WRITER = 2_000;
    private static final int ROTATIONS_PER_KEY = 10;

    @TempDir
    Path dataDir;

    // What the runner acknowledged. Writers add to it only after a 200.
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final Set<String> pendingDeletion = ConcurrentHashMap.newKeySet();
    /** Keys whose ScheduleKeyDeletion was sent: acknowledged or cut short by the kill, either state may hold. */
    private final Set<String> deletionSent = ConcurrentHashMap.newKeySet();

    private final Set<String> rotationOn = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> rotations = new ConcurrentHashMap<>();
    /** alias -> targets it may hold: the acknowledged one, and the one of an update cut short by the kill. */
    private final Map<String, Set<String>> aliasTargets = new ConcurrentHashMap<>();

    private final List<Blob> blobs = new CopyOnWriteArrayList<>();
    /** Errors the server answered while it was alive: each is a failure (connection errors after the kill are not). */
    private final List<String> serverErrors = new CopyOnWriteArrayList<>();

    record Blob(String keyId, SdkBytes ciphertext, byte[] privateKey, Map<String, String> context) {}

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        // Given: a seed for when each round's kill comes
        long seed = Long.getLong("keysmith.kill.seed", System.nanoTime());
        System.out.println("KillNineIT seed " + seed + " (replay with -Dkeysmith.kill.seed=" + seed + ")");
        Random random = new Random(seed);
        // When: rounds of writes, each ended by a SIGKILL; each restart must hold every acknowledged write
        for (int round = 0; round < ROUNDS; round++) {
            LocalKeysmith keysmith = LocalKeysmith.onDisk(dataDir);
            verify(keysmith, "before round " + round);
            long killAfterMs = 300 + random.nextInt(2_000);
            System.out.println("KillNineIT round " + round + ": SIGKILL after " + killAfterMs + " ms of writes");
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            String tag = "r" + round;
            try (KmsClient kms = client(keysmith)) {
                running.add(writers.submit(() -> write(killed, () -> keysAndBlobs(kms))));
                running.add(writers.submit(() -> write(killed, new Aliases(kms, tag)::next)));
                running.add(writers.submit(() -> write(killed, new Rotations(kms)::next)));
                running.add(writers.submit(() -> write(killed, () -> scheduleDeletion(kms))));
                Thread.sleep(killAfterMs);
                LocalKeysmith.assertCleanOutput(keysmith.output());
                killed.set(true);
                keysmith.kill();
                writers.shutdown();
                assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS), "the writers stop once the runner is gone");
                for (Future<?> writer : running) {
                    writer.get();
                }
            } finally {
                writers.shutdownNow();
            }
            // Then: the live runner refused no write, and the tables on disk are whole
            assertEquals(List.of(), serverErrors, "errors answered by the runner before the kill");
            checkTablesRaw("after the kill of round " + round);
        }
        // Then: a last restart holds every acknowledged write
        try (LocalKeysmith last = LocalKeysmith.onDisk(dataDir)) {
            verify(last, "after the last kill");
        }
        System.out.println("KillNineIT: " + keys.size() + " keys, " + aliasTargets.size() + " aliases, "
                + blobs.size() + " blobs, " + pendingDeletion.size() + " keys pending deletion, "
                + rotations.values().stream().mapToInt(Integer::intValue).sum() + " rotations acknowledged");
        assertTrue(!keys.isEmpty(), "the writers got writes acknowledged");
    }

    interface Step {
        void run();
    }

    /** Runs one writer's steps until the kill; a failure while the runner lived is recorded. */
    private void write(AtomicBoolean killed, Step step) {
        for (int i = 0; i < MAX_OPS_PER_WRITER && !killed.get(); i++) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (!killed.get() || e instanceof AwsServiceException) {
                    serverErrors.add(e.toString());
                }
                return;
            }
        }
    }

    private void keysAndBlobs(KmsClient kms) {
        String keyId = kms.createKey(r -> r.description("kill-9")).keyMetadata().keyId();
        keys.add(keyId);
        blob(kms, keyId);
    }

    private void blob(KmsClient kms, String keyId) {
        Map<String, String> context = Map.of("n", Integer.toString(blobs.size()));
        GenerateDataKeyPairResponse pair = kms.generateDataKeyPair(
                r -> r.keyId(keyId).keyPairSpec("ECC_NIST_P256").encryptionContext(context));
        blobs.add(new Blob(
                keyId,
                pair.privateKeyCiphertextBlob(),
                pair.privateKeyPlaintext().asByteArray(),
                context));
    }

    /** Creates an alias on a fresh key, then moves it back and forth between two keys. */
    private final class Aliases {
        private final KmsClient kms;
        private final String tag;
        private String alias;
        private final String[] targets = new String[2];
        private int step;

        Aliases(KmsClient kms, String tag) {
            this.kms = kms;
            this.tag = tag;
        }

        void next() {
            if (alias == null || step == 6) {
                for (int i = 0; i < 2; i++) {
                    targets[i] = kms.createKey(r -> r.description("alias target"))
                            .keyMetadata()
                            .keyId();
                    keys.add(targets[i]);
                }
                String name = "alias/kill-" + tag + "-" + aliasTargets.size();
                kms.createAlias(r -> r.aliasName(name).targetKeyId(targets[0]));
                aliasTargets.put(name, Set.of(targets[0]));
                alias = name;
                step = 1;
                return;
            }
            String target = targets[step % 2];
            String before = targets[(step + 1) % 2];
            aliasTargets.put(alias, Set.of(before, target)); // either, until the update is acknowledged
            kms.updateAlias(r -> r.aliasName(alias).targetKeyId(target));
            aliasTargets.put(alias, Set.of(target));
            step++;
        }
    }

    /** Turns automatic rotation on for a fresh key, rotates it on demand, and makes a blob under each material. */
    private final class Rotations {
        private final KmsClient kms;
        private String keyId;

        Rotations(KmsClient kms) {
            this.kms = kms;
        }

        void next() {
            if (keyId == null || rotations.getOrDefault(keyId, 0) == ROTATIONS_PER_KEY) {
                String fresh = kms.createKey(r -> r.description("rotated"))
                        .keyMetadata()
                        .keyId();
                keys.add(fresh);
                kms.enableKeyRotation(r -> r.keyId(fresh).rotationPeriodInDays(90));
                rotationOn.add(fresh);
                keyId = fresh;
                rotations.put(fresh, 0);
            }
            String current = keyId;
            kms.rotateKeyOnDemand(r -> r.keyId(current));
            rotations.merge(current, 1, Integer::sum);
            blob(kms, current);
        }
    }

    private void scheduleDeletion(KmsClient kms) {
        String keyId =
                kms.createKey(r -> r.description("to delete")).keyMetadata().keyId();
        keys.add(keyId);
        deletionSent.add(keyId);
        kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
        pendingDeletion.add(keyId);
    }

    /**
     * Through the API of a restarted runner: every acknowledged write is there, every blob decrypts, no
     * alias names a missing key. Collects every difference, so that a failure shows all that was lost.
     */
    private void verify(LocalKeysmith keysmith, String when) {
        KmsClient kms = keysmith.kms;
        List<String> lost = new ArrayList<>();
        Set<String> listedKeys = new HashSet<>();
        String marker = null;
        for (int page = 0; page < 1_000; page++) {
            String m = marker;
            var response = kms.listKeys(r -> r.limit(100).marker(m));
            response.keys().stream().map(KeyListEntry::keyId).forEach(listedKeys::add);
            marker = response.truncated() ? response.nextMarker() : null;
            if (marker == null) {
                break;
            }
        }
        keys.stream().filter(k -> !listedKeys.contains(k)).forEach(k -> lost.add("ListKeys lacks " + k));
        for (String keyId : keys) {
            KeyState state = kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState();
            if (pendingDeletion.contains(keyId)
                    ? state != KeyState.PENDING_DELETION
                    : !deletionSent.contains(keyId) && state != KeyState.ENABLED) {
                lost.add(keyId + " is " + state);
            }
        }
        for (String keyId : rotationOn) {
            if (!kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()) {
                lost.add("rotation of " + keyId + " is off");
            }
        }
        rotations.forEach((keyId, count) -> {
            int listed = kms.listKeyRotations(r -> r.keyId(keyId)).rotations().size();
            if (listed < count) {
                lost.add(keyId + " has " + listed + " rotations, " + count + " acknowledged");
            }
        });
        Map<String, String> listedAliases = new HashMap<>();
        marker = null;
        for (int page = 0; page < 1_000; page++) {
            String m = marker;
            var response = kms.listAliases(r -> r.limit(100).marker(m));
            response.aliases().forEach(a -> listedAliases.put(a.aliasName(), a.targetKeyId()));
            marker = response.truncated() ? response.nextMarker() : null;
            if (marker == null) {
                break;
            }
        }
        aliasTargets.forEach((alias, targets) -> {
            String described =
                    kms.describeKey(r -> r.keyId(alias)).keyMetadata().keyId();
            if (!targets.contains(described) || !targets.contains(listedAliases.get(alias))) {
                lost.add(alias + " -> " + described + " (DescribeKey), " + listedAliases.get(alias)
                        + " (ListAliases); acknowledged " + targets);
            }
        });
        for (String target : listedAliases.values()) {
            kms.describeKey(r -> r.keyId(target)); // no alias points at a missing key
        }
        for (Blob blob : blobs) {
            byte[] plaintext = kms.decrypt(
                            r -> r.ciphertextBlob(blob.ciphertext()).encryptionContext(blob.context()))
                    .plaintext()
                    .asByteArray();
            assertArrayEquals(blob.privateKey(), plaintext, when + ": a blob of " + blob.keyId());
        }
        assertEquals(List.of(), lost, when + ": acknowledged writes missing");
    }

    /**
     * The tables as DynamoDB Local left them on disk, read with the runner dead: every key's current
     * material is there, every material belongs to a key, every alias names a key, and every key and
     * alias carries its listing-index attributes.
     */
    private void checkTablesRaw(String when) {
        // The runner's DynamoDB Local database file in the data dir (EmbeddedDynamo's DATABASE_FILE).
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create(
                dataDir.resolve("keysmith.db").toFile(), true); // true: telemetry off, no metadata file in local/
        try {
            DynamoDbClient dynamo = local.dynamoDbClient();
            Map<String, String> currentMaterial = new HashMap<>();
            Set<String> metas = new HashSet<>();
            Set<String> materials = new HashSet<>();
            Map<String, String> aliases = new HashMap<>();
            for (Map<String, AttributeValue> item : dynamo.scanPaginator(r -> r.tableName(EmbeddedDynamo.KEYS_TABLE))
                    .items()) {
                String pk = item.get("PK").s();
                String sk = item.get("SK").s();
                if (sk.equals("META")) {
                    String keyId = pk.substring("KEY#".length());
                    metas.add(keyId);
                    if (item.containsKey("CurrentKeyMaterialId")) {
                        currentMaterial.put(
                                keyId, item.get("CurrentKeyMaterialId").s());
                    }
                    assertEquals("KEY", item.get("ItemType").s(), when + ": " + item);
                } else if (sk.startsWith("MATERIAL#")) {
                    materials.add(pk.substring("KEY#".length()) + "/" + sk.substring("MATERIAL#".length()));
                } else if (sk.equals("ALIAS")) {
                    aliases.put(pk, item.get("TargetKeyId").s());
                    assertEquals("ALIAS", item.get("ItemType").s(), when + ": " + item);
                }
            }
            currentMaterial.forEach((keyId, materialId) -> assertTrue(
                    materials.contains(keyId + "/" + materialId),
                    when + ": key " + keyId + " lacks its current material"));
            for (String material : materials) {
                assertTrue(
                        metas.contains(material.substring(0, material.indexOf('/'))),
                        when + ": material " + material + " of no key");
            }
            aliases.forEach((alias, target) ->
                    assertTrue(metas.contains(target), when + ": " + alias + " -> missing key " + target));
            assertTrue(metas.containsAll(keys), when + ": every acknowledged key is on disk");
        } finally {
            local.shutdown();
        }
    }

    private static KmsClient client(LocalKeysmith keysmith) {
        // No retries: a retried write after the kill would blur what was acknowledged.
        return KmsClient.builder()
                .endpointOverride(keysmith.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDKILL", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
