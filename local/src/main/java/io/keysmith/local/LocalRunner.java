package io.keysmith.local;

import java.io.IOException;

/**
 * Keysmith on a laptop, from the command line (the jar's entry point): parses the options, runs
 * {@code init-root-key} or {@code migrate-root-key} ({@link RootKeyCommands}), or starts the server
 * ({@link LocalServer}) until SIGTERM or Ctrl-C. Exit codes: 0 done, 1 failed, 2 bad command line.
 */
public final class LocalRunner {
    private static final long STOP_GRACE_MS = 10_000;

    private LocalRunner() {
    }

    public static void main(String[] args) {
        // The runner prints its own request line (below); KmsApi's structured line is for the Lambda's JSON log.
        System.setProperty("org.slf4j.simpleLogger.log.io.keysmith.api.KmsApi", "warn");
        if (Options.wantsHelp(args)) {
            System.out.print(Options.USAGE);
            System.out.flush();
            System.exit(0);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("keysmith-local: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            if (options.migrateTo() != null) {
                RootKeyCommands.migrate(options);
                System.exit(0); // DynamoDB Local leaves a worker thread behind that would keep the JVM alive
            }
            if (options.initRootKey()) {
                System.out.println(RootKeyCommands.initRootKey(options));
                System.out.flush();
                System.exit(0);
            }
            LocalServer server = LocalServer.start(options);
            stopOnSignal(server, "TERM");
            stopOnSignal(server, "INT");
            System.out.println("Keysmith listening on http://127.0.0.1:" + server.port());
            System.out.flush();
        } catch (IllegalArgumentException | IllegalStateException e) {
            fail(e.getMessage());
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // AWS refused or could not be reached (credentials, permissions, a table or key that is not there)
            fail(e.getMessage());
        } catch (IOException e) {
            fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("keysmith-local: " + message);
        System.err.flush();
        System.exit(1);
    }

    /**
     * SIGTERM or Ctrl-C: a "stopping" line, requests in flight finish (up to {@value #STOP_GRACE_MS} ms),
     * exit 0. A JVM left to its default would exit 143 without waiting for them.
     */
    private static void stopOnSignal(LocalServer server, String signal) {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> {
            System.out.println("Keysmith stopping (SIG" + signal + "): finishing requests in flight");
            System.out.flush();
            server.stop(STOP_GRACE_MS);
            System.out.println("Keysmith stopped");
            System.out.flush();
            System.exit(0);
        });
    }
}
