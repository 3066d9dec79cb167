package io.keysmith.core;

/**
 * The ARN of the key the current request named, kept for the request's one audit line so that a
 * failure after the key was found (disabled, wrong usage, bad ciphertext, DryRun) is still logged
 * with its key. The api layer clears it at the start and end of each request; it is confined to
 * the thread that serves the request, as the core never hands work to another thread.
 */
public final class ResolvedKey {
    private static final ThreadLocal<String> ARN = new ThreadLocal<>();

    private ResolvedKey() {}

    /** Forgets any earlier request's key. */
    public static void clear() {
        ARN.remove();
    }

    /** The ARN of the last key this request named, or null when it named none that exists. */
    public static String arn() {
        return ARN.get();
    }

    static void record(String arn) {
        ARN.set(arn);
    }
}
