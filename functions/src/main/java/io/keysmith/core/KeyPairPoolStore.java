package io.keysmith.core;

import java.util.Optional;

/**
 * Where {@link SealedKeyPairPool} keeps its pairs: each one public key and one sealed private key, under an item id.
 * {@link #claim} removes the pair it returns in the same step, so that no two claims ever return one pair.
 */
public interface KeyPairPoolStore {
    /** A pair at rest: the SPKI public key, and the PKCS#8 private key sealed under the pool key. */
    record PooledPair(String itemId, byte[] publicKey, byte[] sealedPrivateKey) {
        @Override
        public String toString() {
            return "PooledPair[" + itemId + "]";
        }
    }

    void add(DataKeyPairSpec spec, PooledPair pair);

    /** Takes one pair of {@code spec} out of the store, or none when it holds none. */
    Optional<PooledPair> claim(DataKeyPairSpec spec);

    /** How many pairs of {@code spec} the store holds now. */
    int depth(DataKeyPairSpec spec);
}
