package io.keysmith.core;

import java.security.SecureRandom;

/**
 * The one source of randomness for keys, salts and IVs. A SnapStart restore clones the JVM, so a
 * generator built before the snapshot must not keep producing the same stream in every clone:
 * {@link #renew()} replaces it with a freshly seeded one and is called from the restore hook.
 */
public final class Randomness {
    private volatile SecureRandom random = newGenerator();

    public SecureRandom generator() {
        return random;
    }

    public byte[] bytes(int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    /** Drops the current generator and its state; the next draw uses fresh operating-system entropy. */
    public void renew() {
        random = newGenerator();
    }

    private static SecureRandom newGenerator() {
        SecureRandom fresh = new SecureRandom();
        fresh.nextBytes(new byte[1]); // force seeding now, from the OS, not lazily from a restored state
        return fresh;
    }
}
