package io.keysmith.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A runner process's output: the lines up to "listening" (and its port), or all of it and the exit
 * code. SLF4J's own notices about the test classpath's logging providers are left out.
 */
final class RunnerOutput implements AutoCloseable {
    private static final String LISTENING = "Keysmith listening on http://127.0.0.1:";
    final Process process;
    final List<String> lines = new ArrayList<>();
    private final BufferedReader reader;
    private KmsClient kms;

    RunnerOutput(Process process) {
        this.process = process;
        this.reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads until the runner listens (its port) or its output ends (-1). */
    int awaitListening() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            add(line);
            if (line.startsWith(LISTENING)) {
                return Integer.parseInt(line.substring(LISTENING.length()).trim());
            }
        }
        return -1;
    }

    private void add(String line) {
        if (!line.startsWith("SLF4J(")) {
            lines.add(line);
        }
    }

    /** Reads everything and waits for the exit code. */
    int awaitExit() throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            add(line);
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new AssertionError("the runner did not exit: " + lines);
        }
        return process.exitValue();
    }

    /** The real SDK client on the listening runner. */
    KmsClient kms(int port) {
        kms = KmsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return kms;
    }

    String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() throws Exception {
        if (kms != null) {
            kms.close();
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
