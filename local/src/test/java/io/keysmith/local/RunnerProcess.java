package io.keysmith.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged runner, {@code keysmith-local.jar}, as a separate process: what a user runs, not the
 * classes on Maven's test classpath. Failsafe names the jar, which the package phase has just built.
 */
final class RunnerProcess {
    private RunnerProcess() {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("keysmith.local.jar", "target/keysmith-local.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after the package phase");
        }
        return jar;
    }

    /** {@code java -jar keysmith-local.jar ARGS}, with stderr merged into stdout. */
    static Process start(String... args) throws IOException {
        return builder(args).start();
    }

    /**
     * The command, for a caller that changes the environment first. A server (not a command) starts with {@code --rsa-pool 0} unless
     * its flags say otherwise (a later {@code --rsa-pool} wins): the default pools would spend a minute of CPU on RSA
     * pairs in every runner of the suite, on a machine that runs several builds at once.
     */
    static ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        // A command (init-root-key, migrate-root-key, alibaba-client-key) must stay the first argument.
        boolean runsACommand = args.length > 0 && !args[0].startsWith("-");
        if (!runsACommand) {
            command.addAll(List.of("--rsa-pool", "0"));
        }
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
