package io.keysmith.core;

import java.util.Optional;

/**
 * Where GenerateDataKeyPair takes ready-made pairs from, such as a pool of RSA pairs generated ahead of time. A
 * source hands out each pair at most once and passes ownership of its private key to the caller; when it has none
 * of a spec ready, the caller generates one inline.
 */
@FunctionalInterface
public interface KeyPairSource {
    /** No pairs ready, ever: every pair is generated inline. */
    KeyPairSource NONE = spec -> Optional.empty();

    /** A pair of {@code spec} that nobody else was or will be given; empty when none is ready. */
    Optional<DataKeyPairSpec.GeneratedKeyPair> take(DataKeyPairSpec spec);
}
