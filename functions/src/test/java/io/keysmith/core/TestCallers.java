package io.keysmith.core;

/** The caller of requests in tests that are not about who calls. */
public final class TestCallers {
    public static final Caller ROOT = Caller.accountRoot("111122223333", "127.0.0.1", false);

    private TestCallers() {}
}
