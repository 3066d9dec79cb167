package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI's {@code kms} commands against a local runner, with the credentials given and none of the user's
 * AWS config or credentials files, so that only what a test sets is used.
 */
final class AwsCli {
    private AwsCli() {}

    /** What a command printed (stdout and stderr) and how it exited. */
    record Result(int exitCode, String output) {}

    /** Whether {@code aws} is on the PATH. */
    static boolean present() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "aws"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code aws kms ARGS} against {@code keysmith}, not yet started: a caller may add to its environment. */
    static ProcessBuilder kms(
            LocalKeysmith keysmith, String region, String accessKeyId, String secretAccessKey, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "aws",
                "--endpoint-url",
                keysmith.endpoint().toString(),
                "--region",
                region,
                "--output",
                "json",
                "kms"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", accessKeyId);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        return builder;
    }

    /** Runs the command to its end, within a minute. */
    static Result run(ProcessBuilder command) throws Exception {
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the AWS CLI did not exit: " + output);
        return new Result(process.exitValue(), output);
    }
}
