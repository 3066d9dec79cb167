package io.keysmith.core;

import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The one source of randomness for keys, salts and IVs. A SnapStart restore clones the JVM, so a
 * generator built before the snapshot must not keep producing the same stream in every clone:
 * {@link #renew()} replaces it with a freshly seeded one and is called from the restore hook.
 */
public final class Randomness {
    private final Supplier<SecureRandom> factory;
    private volatile SecureRandom random;

    public Randomness() {
        this(Randomness::seededFromTheOs);
    }

    /** With a factory of the caller's: tests use it to stand in for a generator captured in a snapshot. */
    public Randomness(Supplier<SecureRandom> factory) {
        this.factory = factory;
        this.random = factory.get();
    }

    public SecureRandom generator() {
        return random;
    }

    public byte[] bytes(int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    /** Drops the current generator and its state; the next draw uses a freshly seeded one. */
    public void renew() {
        random = factory.get();
    }

    private static SecureRandom seededFromTheOs() {
        SecureRandom fresh = new SecureRandom();
        fresh.nextBytes(new byte[1]); // seed now, from the OS, not lazily from a restored state
        return fresh;
    }
}
