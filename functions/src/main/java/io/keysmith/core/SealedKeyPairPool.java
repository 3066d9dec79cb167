package io.keysmith.core;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A pool of data key pairs kept in a store (DynamoDB, for the Lambda functions, which cannot refill anything in the
 * background): {@link #refill} generates pairs ahead of time and {@link #take} claims one per request. Each private
 * key is sealed with AES-256-GCM under the pool key, which the root key derives for this use alone (label
 * {@value #KEY_LABEL}); the AAD binds the pair's spec, its item id and its public key, so no pair at rest is
 * plaintext and none can be moved to another spec or item, or given another public key. The store's claim removes
 * the pair it returns, so each pair is handed out at most once, whoever else claims at the same time.
 */
public final class SealedKeyPairPool implements KeyPairSource {
    public static final String KEY_LABEL = "keysmith/v1/rsa-pool-key";
    private static final String PURPOSE = "keysmith/v1/rsa-pool";

    /** What a take found: for metrics. */
    public interface Outcomes {
        Outcomes NONE = (spec, fromPool) -> {};

        /** {@code fromPool}: a pair was claimed and opened; false: the caller generates one inline. */
        void taken(DataKeyPairSpec spec, boolean fromPool);
    }

    private final KeyPairPoolStore store;
    private final DerivedKey poolKey;
    private final Randomness randomness;
    private final Map<DataKeyPairSpec, Integer> sizes;
    private final Outcomes outcomes;

    /** @param sizes the pooled specs and each one's target size; other specs are always generated inline */
    public SealedKeyPairPool(
            KeyPairPoolStore store,
            RootKey rootKey,
            Randomness randomness,
            Map<DataKeyPairSpec, Integer> sizes,
            Outcomes outcomes) {
        this.store = store;
        this.poolKey = new DerivedKey(rootKey, KEY_LABEL);
        this.randomness = randomness;
        this.sizes = Map.copyOf(sizes);
        this.outcomes = outcomes;
    }

    public Map<DataKeyPairSpec, Integer> sizes() {
        return sizes;
    }

    @Override
    public Optional<DataKeyPairSpec.GeneratedKeyPair> take(DataKeyPairSpec spec) {
        if (!sizes.containsKey(spec)) {
            return Optional.empty();
        }
        Optional<KeyPairPoolStore.PooledPair> claimed = store.claim(spec);
        Optional<DataKeyPairSpec.GeneratedKeyPair> pair = claimed.flatMap(p -> open(spec, p));
        outcomes.taken(spec, pair.isPresent());
        return pair;
    }

    /**
     * Generates and stores pairs of {@code spec} until the store holds its target size, or until
     * {@code keepGoing} says stop (a function's time running out); returns how many it added.
     */
    public int refill(DataKeyPairSpec spec, BooleanSupplier keepGoing) {
        int target = sizes.getOrDefault(spec, 0);
        int added = 0;
        // The depth is read again before each pair, so two refills that overlap add at most one pair too many.
        while (keepGoing.getAsBoolean() && store.depth(spec) < target) {
            DataKeyPairSpec.GeneratedKeyPair pair = spec.generate(randomness.generator());
            String itemId = HexFormat.of().formatHex(randomness.bytes(16));
            try (SecretBytes privateKey = pair.privateKey()) {
                byte[] sealed = AesGcm.sealFramed(
                        poolKey.reveal(),
                        randomness.generator(),
                        privateKey.reveal(),
                        aad(spec, itemId, pair.publicKey()));
                store.add(spec, new KeyPairPoolStore.PooledPair(itemId, pair.publicKey(), sealed));
            }
            added++;
        }
        return added;
    }

    public int depth(DataKeyPairSpec spec) {
        return store.depth(spec);
    }

    /**
     * Empty for a pair that does not open: altered at rest, or sealed under another root key's pool key (before a
     * root-key migration). It is out of the store now and never handed out; the caller generates a pair inline.
     */
    private Optional<DataKeyPairSpec.GeneratedKeyPair> open(DataKeyPairSpec spec, KeyPairPoolStore.PooledPair pair) {
        try {
            byte[] privateKey = AesGcm.openFramed(
                    poolKey.reveal(), pair.sealedPrivateKey(), aad(spec, pair.itemId(), pair.publicKey()));
            return Optional.of(new DataKeyPairSpec.GeneratedKeyPair(pair.publicKey(), new SecretBytes(privateKey)));
        } catch (AesGcm.NotAuthenticException notOurs) {
            return Optional.empty();
        }
    }

    /** The purpose, the spec and the item id (each followed by a 0 byte, which none of them holds), then the SPKI. */
    private static byte[][] aad(DataKeyPairSpec spec, String itemId, byte[] publicKey) {
        byte[] names = (PURPOSE + "\0" + spec.name() + "\0" + itemId + "\0").getBytes(StandardCharsets.UTF_8);
        return new byte[][] {names, publicKey};
    }
}
