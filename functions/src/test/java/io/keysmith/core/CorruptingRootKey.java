package io.keysmith.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault for migration tests: the root key derives one key when wrapping and another when opening,
 * so every new wrap it makes is corrupt.
 */
public final class CorruptingRootKey {
    private CorruptingRootKey() {}

    public static RootKey of(RootKey target) {
        AtomicInteger derivations = new AtomicInteger();
        return new RootKey() {
            @Override
            public String id() {
                return target.id();
            }

            @Override
            public SecretBytes derive(byte[] label, byte[] context) {
                SecretBytes derived = target.derive(label, context);
                if (derivations.getAndIncrement() % 2 == 0) {
                    derived.reveal()[0] ^= 1;
                }
                return derived;
            }
        };
    }
}
