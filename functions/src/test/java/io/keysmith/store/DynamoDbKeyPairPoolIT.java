package io.keysmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.KeyPairChecks;
import io.keysmith.core.KeyPairPoolStore.PooledPair;
import io.keysmith.core.Randomness;
import io.keysmith.core.SealedKeyPairPool;
import io.keysmith.rootkey.DynamoDbRootKey;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Lambda's RSA pool in the keys table, against DynamoDB Local: each pooled pair is handed out at most once,
 * whatever the number of concurrent claimers and however many pool instances (functions, restarts) share the table;
 * and a pair at rest is sealed, never plaintext, as the raw items show.
 */
class DynamoDbKeyPairPoolIT {
    private static final String TABLE = "keys";
    private static final String ROOT_KEY_TABLE = "root-key";
    private static final DataKeyPairSpec SPEC = DataKeyPairSpec.RSA_2048;

    @RegisterExtension
    final DynamoDbLocal local = DynamoDbLocal.perTest();

    private DynamoDbClient dynamo;

    @BeforeEach
    void createTables() {
        dynamo = local.client();
        dynamo.createTable(KeysTableSchema.keysTable(TABLE));
        dynamo.createTable(KeysTableSchema.rootKeyTable(ROOT_KEY_TABLE));
    }

    /** A pool instance of its own, as each Lambda instance (or a restarted one) has. */
    private DynamoDbKeyPairPool store() {
        return new DynamoDbKeyPairPool(dynamo, TABLE, Clock.systemUTC());
    }

    /** Stand-ins for sealed pairs: the store only moves bytes, and these are quicker to make than RSA pairs. */
    private List<String> addPairs(int count) {
        List<String> ids = new ArrayList<>();
        Randomness randomness = new Randomness();
        for (int i = 0; i < count; i++) {
            String id = HexFormat.of().formatHex(randomness.bytes(16));
            store().add(SPEC, new PooledPair(id, randomness.bytes(8), randomness.bytes(8)));
            ids.add(id);
        }
        return ids;
    }

    @Test
    void sixteenConcurrentClaimersNeverGetOnePairTwice() throws Exception {
        List<String> added = addPairs(48);
        int claimers = 16;
        CyclicBarrier start = new CyclicBarrier(claimers);
        ExecutorService threads = Executors.newFixedThreadPool(claimers);
        List<Future<List<String>>> claims = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            DynamoDbKeyPairPool store = store();
            claims.add(threads.submit(() -> {
                start.await();
                List<String> mine = new ArrayList<>();
                for (Optional<PooledPair> pair = store.claim(SPEC); pair.isPresent(); pair = store.claim(SPEC)) {
                    mine.add(pair.get().itemId());
                }
                return mine;
            }));
        }
        List<String> claimed = new ArrayList<>();
        for (Future<List<String>> claim : claims) {
            claimed.addAll(claim.get(120, TimeUnit.SECONDS));
        }
        threads.shutdown();
        // A claimer that lost many races in a row may stop early; whatever is left is claimed by a later request.
        for (Optional<PooledPair> rest = store().claim(SPEC); rest.isPresent(); rest = store().claim(SPEC)) {
            claimed.add(rest.get().itemId());
        }
        assertEquals(new HashSet<>(claimed).size(), claimed.size(), "a pair was handed out twice");
        assertEquals(Set.copyOf(added), Set.copyOf(claimed));
        assertEquals(0, store().depth(SPEC));
    }

    @Test
    void aRestartedPoolGetsOnlyWhatIsLeft() {
        List<String> added = addPairs(10);
        DynamoDbKeyPairPool before = store();
        Set<String> first = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            first.add(before.claim(SPEC).orElseThrow().itemId());
        }
        DynamoDbKeyPairPool after = store(); // a new instance on the same table, as after a restart
        assertEquals(6, after.depth(SPEC));
        Set<String> second = new HashSet<>();
        for (Optional<PooledPair> pair = after.claim(SPEC); pair.isPresent(); pair = after.claim(SPEC)) {
            second.add(pair.get().itemId());
        }
        assertEquals(6, second.size());
        assertTrue(Collections.disjoint(first, second), "a pair was handed out again after the restart");
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        assertEquals(Set.copyOf(added), all);
        assertFalse(before.claim(SPEC).isPresent());
    }

    @Test
    void pooledPairsAreSealedAtRestAndValidWhenTaken() throws Exception {
        Randomness randomness = new Randomness();
        DynamoDbRootKey rootKey = new DynamoDbRootKey(dynamo, ROOT_KEY_TABLE, randomness);
        rootKey.create();
        List<Boolean> outcomes = Collections.synchronizedList(new ArrayList<>());
        SealedKeyPairPool pool = new SealedKeyPairPool(
                store(), rootKey, randomness, Map.of(SPEC, 3), (spec, fromPool) -> outcomes.add(fromPool));
        assertEquals(3, pool.refill(SPEC, () -> true));
        assertEquals(0, pool.refill(SPEC, () -> true), "a full pool was refilled");

        List<Map<String, AttributeValue>> raw =
                dynamo.scan(r -> r.tableName(TABLE)).items();
        assertEquals(3, raw.size());
        for (Map<String, AttributeValue> item : raw) {
            assertEquals(
                    Set.of("PK", "SK", "PublicKey", "SealedPrivateKey", "CreatedAt"),
                    item.keySet(),
                    "only the public key and the sealed private key: no index attribute, nothing plaintext");
            assertEquals("KEYPAIRPOOL#RSA_2048", item.get("PK").s());
        }
        Set<String> publicKeys = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            DataKeyPairSpec.GeneratedKeyPair pair = pool.take(SPEC).orElseThrow();
            byte[] privateKey = pair.privateKey().reveal();
            KeyPairChecks.assertPairWorks(SPEC, pair.publicKey(), privateKey);
            assertTrue(publicKeys.add(HexFormat.of().formatHex(pair.publicKey())));
            RSAPrivateCrtKey parsed = (RSAPrivateCrtKey)
                    KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(privateKey));
            for (Map<String, AttributeValue> item : raw) {
                for (AttributeValue value : item.values()) {
                    byte[] stored = value.b() != null
                            ? value.b().asByteArray()
                            : value.toString().getBytes();
                    for (BigInteger secret :
                            List.of(parsed.getPrivateExponent(), parsed.getPrimeP(), parsed.getPrimeQ())) {
                        assertFalse(contains(stored, secret.toByteArray()), "a private key lies plaintext at rest");
                    }
                    assertFalse(contains(stored, privateKey), "a private key lies plaintext at rest");
                }
            }
            pair.privateKey().close();
        }
        assertFalse(pool.take(SPEC).isPresent(), "an empty pool handed out a pair");
        assertEquals(List.of(true, true, true, false), outcomes);
        assertTrue(pool.take(DataKeyPairSpec.RSA_4096).isEmpty(), "a spec without a pool is generated inline");
    }

    @Test
    void aPairMovedToAnotherItemOrSpecDoesNotOpen() {
        Randomness randomness = new Randomness();
        DynamoDbRootKey rootKey = new DynamoDbRootKey(dynamo, ROOT_KEY_TABLE, randomness);
        rootKey.create();
        SealedKeyPairPool pool = new SealedKeyPairPool(
                store(),
                rootKey,
                randomness,
                Map.of(SPEC, 1, DataKeyPairSpec.RSA_3072, 1),
                SealedKeyPairPool.Outcomes.NONE);
        pool.refill(SPEC, () -> true);
        Map<String, AttributeValue> item =
                dynamo.scan(r -> r.tableName(TABLE)).items().get(0);
        // Copied under another spec's partition, and under another item id of its own: neither opens.
        Map<String, AttributeValue> moved = new java.util.HashMap<>(item);
        moved.put("PK", AttributeValue.fromS("KEYPAIRPOOL#RSA_3072"));
        dynamo.putItem(r -> r.tableName(TABLE).item(moved));
        Map<String, AttributeValue> renamed = new java.util.HashMap<>(item);
        renamed.put("SK", AttributeValue.fromS("PAIR#" + "0".repeat(32)));
        dynamo.deleteItem(r -> r.tableName(TABLE).key(Map.of("PK", item.get("PK"), "SK", item.get("SK"))));
        dynamo.putItem(r -> r.tableName(TABLE).item(renamed));
        assertTrue(pool.take(DataKeyPairSpec.RSA_3072).isEmpty());
        assertTrue(pool.take(SPEC).isEmpty());
        assertEquals(0, pool.depth(SPEC), "a pair that does not open is gone, never handed out");
        // And bytes flipped in the sealed key: refused as well.
        pool.refill(SPEC, () -> true);
        Map<String, AttributeValue> fresh =
                dynamo.scan(r -> r.tableName(TABLE)).items().get(0);
        byte[] sealed = fresh.get("SealedPrivateKey").b().asByteArray();
        sealed[sealed.length - 1] ^= 1;
        Map<String, AttributeValue> flipped = new java.util.HashMap<>(fresh);
        flipped.put("SealedPrivateKey", AttributeValue.fromB(SdkBytes.fromByteArray(sealed)));
        dynamo.putItem(r -> r.tableName(TABLE).item(flipped));
        assertTrue(pool.take(SPEC).isEmpty());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
