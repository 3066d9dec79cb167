package io.keysmith.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code keysmith-local.jar} started as its own process on a free port, and the real AWS SDK KMS
 * client pointed at it. Closing it stops the process with SIGTERM and fails if the server's own
 * output holds an ERROR line or a stack trace: a test that passes while the server breaks is no pass.
 */
final class LocalKeysmith implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Keysmith listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final long START_SECONDS = 60;

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;
    private final Thread reader;
    final KmsClient kms;

    private LocalKeysmith(List<String> args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(args);
        process = RunnerProcess.start(all.toArray(String[]::new));
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        reader = new Thread(() -> drain(listening), "keysmith-local-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = listening.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("keysmith-local.jar did not start: " + output, e);
        }
        kms = KmsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** In memory, in the root-key mode of this test run (see {@link TestSoftHsm#rootKeyFlags}), with extra flags. */
    static LocalKeysmith inMemory(String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("--in-memory"));
        args.addAll(TestSoftHsm.rootKeyFlags());
        args.addAll(List.of(flags));
        return new LocalKeysmith(args);
    }

    static LocalKeysmith onDisk(Path dataDir, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        args.addAll(TestSoftHsm.rootKeyFlags());
        args.addAll(List.of(flags));
        return new LocalKeysmith(args);
    }

    /** With exactly these flags after {@code --port 0}, and no root-key flags of the test run's. */
    static LocalKeysmith withFlags(String... flags) throws IOException {
        return new LocalKeysmith(List.of(flags));
    }

    private void drain(CompletableFuture<Integer> listening) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    listening.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(new UncheckedIOException(e));
        }
        listening.completeExceptionally(new IllegalStateException("the runner's output ended"));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** Everything the server printed so far. */
    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        close(false);
    }

    /**
     * Stops the runner with SIGTERM as {@link #close()} does, but through the process handle, which leaves our end of
     * its output open: the lines it prints while stopping are read too, and checked.
     */
    void stopReadingToTheEnd() throws InterruptedException {
        kms.close();
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("keysmith-local.jar did not stop on SIGTERM: " + output);
        }
        reader.join(10_000);
        assertCleanOutput(output());
    }

    /** Stops the runner; a test that provokes internal errors on purpose skips the check of its output. */
    void close(boolean errorsExpected) {
        kms.close();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("keysmith-local.jar did not stop on SIGTERM: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!errorsExpected) {
            assertCleanOutput(output());
        }
    }

    /**
     * SIGKILL ({@code destroyForcibly}), as in a crash: no shutdown hook, no flush, no clean close of
     * DynamoDB Local. The output is not checked; the caller checks what it needs before the kill.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("keysmith-local.jar survived SIGKILL for 30 s");
        }
        kms.close();
    }

    /** No ERROR line and no stack trace in what the server printed. */
    static void assertCleanOutput(String output) {
        for (String line : output.lines().toList()) {
            if (line.contains("ERROR") || line.startsWith("\tat ") || line.contains("Exception in thread")) {
                throw new AssertionError("the server's output holds an error: " + line + "\n--- output ---\n" + output);
            }
        }
    }
}
