package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.Randomness;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory pool hands each pair to one taker only, however many take at once. */
class LocalKeyPairPoolTest {
    private static final DataKeyPairSpec SPEC = DataKeyPairSpec.RSA_2048;

    @Test
    void sixteenConcurrentTakersNeverGetOnePairTwice() throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        try (LocalKeyPairPool pool =
                new LocalKeyPairPool(Map.of(SPEC, 8), new Randomness(), line -> ready.countDown())) {
            assertTrue(ready.await(120, TimeUnit.SECONDS), "the pool did not fill"); // a bound, not a timing check
            int takers = 16;
            CyclicBarrier start = new CyclicBarrier(takers);
            ExecutorService threads = Executors.newFixedThreadPool(takers);
            List<Future<List<DataKeyPairSpec.GeneratedKeyPair>>> takes = new ArrayList<>();
            for (int i = 0; i < takers; i++) {
                takes.add(threads.submit(() -> {
                    start.await();
                    List<DataKeyPairSpec.GeneratedKeyPair> mine = new ArrayList<>();
                    for (int j = 0; j < 2; j++) {
                        pool.take(SPEC).ifPresent(mine::add);
                    }
                    return mine;
                }));
            }
            Set<String> publicKeys = new HashSet<>();
            int taken = 0;
            for (Future<List<DataKeyPairSpec.GeneratedKeyPair>> take : takes) {
                for (DataKeyPairSpec.GeneratedKeyPair pair : take.get(60, TimeUnit.SECONDS)) {
                    taken++;
                    publicKeys.add(HexFormat.of().formatHex(pair.publicKey()));
                }
            }
            threads.shutdown();
            assertTrue(taken >= 8, "the 8 ready pairs were not all handed out: " + taken);
            assertEquals(taken, publicKeys.size(), "a pair was handed out twice");
            assertTrue(
                    pool.summary().contains("RSA_2048 " + taken + " from the pool, " + (32 - taken) + " inline"),
                    pool.summary());
        }
    }

    @Test
    void aSpecWithoutAPoolIsGeneratedInline() {
        try (LocalKeyPairPool pool = new LocalKeyPairPool(Map.of(), new Randomness(), line -> {})) {
            assertTrue(pool.isOff());
            Optional<DataKeyPairSpec.GeneratedKeyPair> none = pool.take(SPEC);
            assertTrue(none.isEmpty());
        }
    }
}
