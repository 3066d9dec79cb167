package io.keysmith.local;

import io.keysmith.local.alibaba.AlibabaClientKeyCommand;
import io.keysmith.local.alibaba.AlibabaOptions;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Keysmith on a laptop, from the command line (the jar's entry point): parses the options, runs
 * {@code init-root-key} or {@code migrate-root-key} ({@link RootKeyCommands}), or starts the server
 * ({@link LocalServer}) until SIGTERM or Ctrl-C. Exit codes: 0 done, 1 failed, 2 bad command line.
 */
public final class LocalRunner {
    private static final long STOP_GRACE_MS = 10_000;

    private LocalRunner() {}

    public static void main(String[] args) {
        // The runner prints its own request line (below); KmsApi's structured line is for the Lambda's JSON log.
        System.setProperty("org.slf4j.simpleLogger.log.io.keysmith.api.KmsApi", "warn");
        if (Options.wantsHelp(args)) {
            System.out.print(Options.USAGE);
            System.out.flush();
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals(AlibabaClientKeyCommand.NAME)) {
            alibabaClientKey(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Options options;
        AlibabaOptions alibaba;
        try {
            alibaba = AlibabaOptions.take(args);
            options = Options.parse(alibaba.rest().toArray(String[]::new));
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
            LocalServer server = LocalServer.start(options, alibaba);
            stopOnSignal(server, "TERM");
            stopOnSignal(server, "INT");
            if (alibaba.enabled()) {
                System.out.println("Keysmith Alibaba KMS instance API listening on https://127.0.0.1:"
                        + server.alibabaPort() + " (CA " + options.dataDir().resolve("alibaba/ca.pem") + ")");
            }
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

    /** {@code alibaba-client-key}: exit 0 done, 1 failed, 2 bad command line. */
    private static void alibabaClientKey(String[] args) {
        try {
            System.out.println(AlibabaClientKeyCommand.run(args));
            System.out.flush();
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("keysmith-local: " + e.getMessage());
            System.err.print(AlibabaClientKeyCommand.USAGE);
            System.exit(2);
        } catch (IllegalStateException e) {
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
    @SuppressWarnings("ReferenceEquality") // the handler proxy's equals: identity, as Object's, is the intent
    private static void stopOnSignal(LocalServer server, String signal) {
        Runnable onSignal = () -> {
            System.out.println("Keysmith stopping (SIG" + signal + "): finishing requests in flight");
            System.out.flush();
            server.stop(STOP_GRACE_MS);
            System.out.println("Keysmith stopped");
            System.out.flush();
            System.exit(0);
        };
        // sun.misc.Signal (jdk.unsupported) through reflection: javac warns on every use of it by name as "internal
        // proprietary API", a warning no @SuppressWarnings silences, and the main code compiles with -Werror.
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            InvocationHandler handle = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    onSignal.run();
                    yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "Keysmith's SIG" + signal + " handler";
                default -> throw new UnsupportedOperationException(method.toString());
            };
            Object handler =
                    Proxy.newProxyInstance(LocalRunner.class.getClassLoader(), new Class<?>[] {handlerType}, handle);
            signalType
                    .getMethod("handle", signalType, handlerType)
                    .invoke(null, signalType.getConstructor(String.class).newInstance(signal), handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle SIG" + signal, e);
        }
    }
}
