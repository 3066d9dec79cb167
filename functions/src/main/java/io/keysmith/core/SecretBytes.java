package io.keysmith.core;

import java.util.Arrays;

/**
 * Key bytes or plaintext that must never reach a log: {@code toString} redacts, {@code close} zeroes.
 * It owns the array it is given.
 */
public final class SecretBytes implements AutoCloseable {
    private final byte[] bytes;

    public SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The bytes themselves, not a copy: callers must not keep them past {@link #close()}. */
    public byte[] reveal() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public void close() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
