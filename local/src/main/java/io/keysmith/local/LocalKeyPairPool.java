package io.keysmith.local;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.KeyPairSource;
import io.keysmith.core.Randomness;
import io.keysmith.core.RsaPoolSizes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The local runner's RSA pool (--rsa-pool): per spec, a queue of pairs generated ahead of time by a daemon thread,
 * which generates a new pair whenever a slot is free. The refill threads keep to the background by taking turns:
 * one pair is generated at a time, whatever the number of specs, so refilling never takes more than one core from
 * requests. (Java's thread priorities would not do it: Linux ignores them unless the JVM runs with
 * -XX:ThreadPriorityPolicy=1 as root.) Pairs live in this process's memory only,
 * never on disk: a restarted runner starts with empty pools, and two runners never share one. A queue hands each
 * pair to exactly one taker, which owns it from then on (and wipes it with the response). On close the threads
 * stop and the pairs not handed out are wiped.
 */
final class LocalKeyPairPool implements KeyPairSource, AutoCloseable {
    private final Map<DataKeyPairSpec, Pool> pools = new EnumMap<>(DataKeyPairSpec.class);
    private final Consumer<String> log;
    /** One generation at a time across all specs, taken in turn. */
    private final Semaphore generating = new Semaphore(1, true);

    /** One spec's pool: the ready pairs, a permit per free slot, and what its takers found. */
    private static final class Pool {
        final BlockingQueue<DataKeyPairSpec.GeneratedKeyPair> ready;
        final Semaphore freeSlots;
        final AtomicLong hits = new AtomicLong();
        final AtomicLong misses = new AtomicLong();
        Thread refill;

        Pool(int size) {
            ready = new ArrayBlockingQueue<>(size);
            freeSlots = new Semaphore(size);
        }
    }

    /** Starts a refill thread per spec in {@code sizes}; {@code log} gets one line per spec when it is first full. */
    LocalKeyPairPool(Map<DataKeyPairSpec, Integer> sizes, Randomness randomness, Consumer<String> log) {
        this.log = log;
        sizes.forEach((spec, size) -> pools.put(spec, new Pool(size)));
        pools.forEach((spec, pool) -> {
            pool.refill = new Thread(() -> refill(spec, pool, randomness), "keysmith-rsa-pool-" + spec.name());
            pool.refill.setDaemon(true);
            pool.refill.start();
        });
    }

    boolean isOff() {
        return pools.isEmpty();
    }

    /** How many pairs of {@code spec} are ready now (for the benchmark, which waits for a full pool). */
    int ready(DataKeyPairSpec spec) {
        Pool pool = pools.get(spec);
        return pool == null ? 0 : pool.ready.size();
    }

    /** The start-up line that says what is pooled, when anything is. */
    String describe() {
        Map<DataKeyPairSpec, Integer> sizes = new EnumMap<>(DataKeyPairSpec.class);
        pools.forEach((spec, pool) -> sizes.put(spec, pool.ready.remainingCapacity() + pool.ready.size()));
        return "Keysmith RSA pool " + RsaPoolSizes.format(sizes) + ": filling in the background";
    }

    @Override
    public Optional<DataKeyPairSpec.GeneratedKeyPair> take(DataKeyPairSpec spec) {
        Pool pool = pools.get(spec);
        if (pool == null) {
            return Optional.empty();
        }
        DataKeyPairSpec.GeneratedKeyPair pair = pool.ready.poll();
        if (pair == null) {
            pool.misses.incrementAndGet();
            return Optional.empty();
        }
        pool.freeSlots.release();
        pool.hits.incrementAndGet();
        return Optional.of(pair);
    }

    private void refill(DataKeyPairSpec spec, Pool pool, Randomness randomness) {
        boolean announced = false;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                pool.freeSlots.acquire();
                generating.acquire();
                DataKeyPairSpec.GeneratedKeyPair fresh;
                try {
                    fresh = spec.generate(randomness.generator());
                } finally {
                    generating.release();
                }
                if (Thread.currentThread().isInterrupted()) {
                    fresh.privateKey().close(); // the pool closed while this pair was being generated
                    return;
                }
                pool.ready.add(fresh);
                if (!announced && pool.ready.remainingCapacity() == 0) {
                    announced = true;
                    log.accept("Keysmith RSA pool " + spec.name() + " ready: " + pool.ready.size() + " pairs");
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** The line printed on stop: per spec, how many pairs came from the pool and how many were generated inline. */
    String summary() {
        List<String> parts = new ArrayList<>();
        pools.forEach((spec, pool) ->
                parts.add(spec.name() + " " + pool.hits.get() + " from the pool, " + pool.misses.get() + " inline"));
        return "Keysmith RSA pool served " + String.join("; ", parts);
    }

    /** Stops the refill threads and wipes every pair nobody took. */
    @Override
    public void close() {
        pools.values().forEach(pool -> pool.refill.interrupt());
        for (Pool pool : pools.values()) {
            try {
                // A pair being generated now cannot be interrupted: its thread wipes it when it is done.
                pool.refill.join(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            DataKeyPairSpec.GeneratedKeyPair pair;
            while ((pair = pool.ready.poll()) != null) {
                pair.privateKey().close();
            }
        }
    }
}
