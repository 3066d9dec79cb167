package io.keysmith.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/soak MINUTES}: the packaged runner, in memory, as its own process, driven with a mix
 * of operations from 4 connections for MINUTES. The store stays bounded (a fixed set of keys and
 * aliases; aliases are moved, not added), so the runner's memory should stay flat. Prints errors and
 * p50/p99 per operation (with the ratio to {@code GET /health}, the HTTP floor measured in the same
 * run), and the runner's RSS after start-up, after the warm-up, each minute and at the end.
 */
public final class Soak {
    private static final int CONNECTIONS = 4;
    private static final int KEYS = 8;
    private static final Pattern LISTENING = Pattern.compile("Keysmith listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final List<String> OPERATIONS = List.of(
            "Health",
            "Encrypt",
            "Decrypt",
            "ReEncrypt",
            "GenerateDataKey",
            "GenerateDataKeyPairWithoutPlaintext",
            "DescribeKey",
            "ListKeys",
            "UpdateAlias",
            "ListAliases",
            "GenerateRandom");

    private final URI endpoint;
    private final List<String> keys = new ArrayList<>();

    private Soak(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1
                || !args[0].matches("\\d{1,4}")
                || Integer.parseInt(args[0]) < 1
                || Integer.parseInt(args[0]) > 24 * 60) {
            System.err.println("usage: scripts/soak MINUTES   (1 to 1440)");
            System.exit(2);
        }
        long minutes = Long.parseLong(args[0]);
        Path jar = Path.of(
                Soak.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        // Native memory tracking (summary) says where RSS goes, should it grow.
        Process runner = new ProcessBuilder(
                        javaCommand,
                        "--enable-native-access=ALL-UNNAMED",
                        "-XX:NativeMemoryTracking=summary",
                        "-jar",
                        jar.toString(),
                        "--in-memory",
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        AtomicLong runnerProblems = new AtomicLong();
        List<String> problemLines = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(runner, port, runnerProblems, problemLines), "soak-runner-output");
        drain.setDaemon(true);
        drain.start();
        try {
            Soak soak = new Soak(URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS)));
            soak.run(runner.pid(), minutes, runnerProblems, problemLines);
        } finally {
            runner.destroy();
            if (!runner.waitFor(30, TimeUnit.SECONDS)) {
                runner.destroyForcibly();
            }
        }
        System.out.println("runner exit code after SIGTERM: " + runner.exitValue());
        System.exit(0);
    }

    /** The request log is counted, not kept; an ERROR line or a stack trace counts as an error. */
    private static void drain(
            Process runner, CompletableFuture<Integer> port, AtomicLong problems, List<String> lines) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
                if (line.contains("ERROR") || line.contains("Exception") || line.startsWith("\tat ")) {
                    problems.incrementAndGet();
                    if (lines.size() < 5) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // the runner stopped
        }
        port.completeExceptionally(new IllegalStateException("the runner stopped before it listened"));
    }

    private void run(long pid, long minutes, AtomicLong runnerProblems, List<String> problemLines) throws Exception {
        for (int i = 0; i < KEYS; i++) {
            keys.add(BenchmarkCalls.stringField(
                    call(HttpClient.newHttpClient(), "CreateKey", "{}").body(), "KeyId"));
        }
        HttpClient setup = HttpClient.newHttpClient();
        for (int i = 0; i < CONNECTIONS; i++) {
            call(
                    setup,
                    "CreateAlias",
                    "{\"AliasName\":\"alias/soak-" + i + "\",\"TargetKeyId\":\"" + keys.get(i) + "\"}");
        }
        long rssListening = rssKiB(pid);
        long durationNanos = TimeUnit.MINUTES.toNanos(minutes);
        long warmUpNanos = Math.min(TimeUnit.MINUTES.toNanos(1), durationNanos / 10);
        long started = System.nanoTime();
        long deadline = started + durationNanos;
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            Worker worker = new Worker(c, deadline);
            workers.add(worker);
            Thread thread = new Thread(worker, "soak-client-" + c);
            threads.add(thread);
            thread.start();
        }
        System.out.printf(
                "soak: %d minute(s), %d connections, runner pid %d, RSS after start-up %d MiB%n",
                minutes, CONNECTIONS, pid, rssListening / 1024);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(warmUpNanos));
        long rssStart = rssKiB(pid);
        String liveStart = liveHeap(pid);
        run(jcmd(), Long.toString(pid), "VM.native_memory", "baseline");
        System.out.printf(
                "RSS after the %d s warm-up: %d MiB; live heap after a full GC: %s%n",
                TimeUnit.NANOSECONDS.toSeconds(warmUpNanos), rssStart / 1024, liveStart);
        List<Long> samples = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            long next = Math.min(deadline, System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
            long rss = rssKiB(pid);
            samples.add(rss / 1024);
            System.out.printf("  minute %.1f: RSS %d MiB%n", (System.nanoTime() - started) / 6e10, rss / 1024);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long rssEnd = rssKiB(pid);
        double seconds = (System.nanoTime() - started) / 1e9;
        print(workers, seconds, runnerProblems.get(), problemLines, rssStart, rssEnd, samples);
        System.out.printf("live heap after a full GC: %s after warm-up, %s at the end%n", liveStart, liveHeap(pid));
        System.out.println("native memory tracking: committed MiB at the end (change since the warm-up):");
        Pattern category = Pattern.compile(
                "^(?:-\\s+(.+?) \\(|Total: )reserved=\\d+MB(?: [+-]\\d+MB)?, committed=(\\d+)MB(?: ([+-]\\d+)MB)?");
        StringBuilder nmt = new StringBuilder();
        for (String line : run(jcmd(), Long.toString(pid), "VM.native_memory", "summary.diff", "scale=MB")
                .split("\n", -1)) {
            Matcher m = category.matcher(line.trim().startsWith("Total") ? line.trim() : line);
            if (m.find() && !m.group(2).equals("0")) {
                nmt.append(String.format(
                        "  %s %s (%s)%n",
                        m.group(1) == null ? "Total:" : m.group(1).trim() + ":",
                        m.group(2),
                        m.group(3) == null ? "+0" : m.group(3)));
            }
        }
        System.out.print(nmt);
        // Memory the JVM freed but glibc's malloc kept (C2's arenas, sqlite4java's in-memory database pages).
        run(jcmd(), Long.toString(pid), "System.trim_native_heap");
        System.out.printf(
                "runner RSS after glibc's malloc_trim (jcmd System.trim_native_heap): %d MiB%n", rssKiB(pid) / 1024);
    }

    private static void print(
            List<Worker> workers,
            double seconds,
            long runnerProblems,
            List<String> problemLines,
            long rssStart,
            long rssEnd,
            List<Long> samples) {
        Map<String, long[]> latencies = new LinkedHashMap<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        for (String op : OPERATIONS) {
            List<long[]> parts = new ArrayList<>();
            long errorCount = 0;
            for (Worker w : workers) {
                parts.add(w.latencies.get(op).toArray());
                errorCount += w.errors.get(op);
            }
            long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            latencies.put(op, all);
            errors.put(op, errorCount);
        }
        double floor = BenchmarkCalls.percentileMillis(latencies.get("Health"), 0.50);
        long total = latencies.values().stream().mapToLong(a -> a.length).sum();
        long totalErrors = errors.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                "%nKeysmith local runner soak: %.0f s, %d connections, %d requests (%.0f req/s), %d cores, %s %s%n%n",
                seconds,
                CONNECTIONS,
                total,
                total / seconds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.println("| operation | requests | errors | p50 ms | p99 ms | p50 / health p50 |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (String op : OPERATIONS) {
            long[] all = latencies.get(op);
            double p50 = BenchmarkCalls.percentileMillis(all, 0.50);
            System.out.printf(
                    "| %s | %d | %d | %.2f | %.2f | %.1f |%n",
                    op.equals("Health") ? "GET /health" : op,
                    all.length,
                    errors.get(op),
                    p50,
                    BenchmarkCalls.percentileMillis(all, 0.99),
                    p50 / floor);
        }
        System.out.printf(
                "%nerrors: %d request(s) not answered 200, %d ERROR/stack-trace line(s) from the runner%n",
                totalErrors, runnerProblems);
        problemLines.forEach(line -> System.out.println("  runner: " + line));
        System.out.printf(
                "runner RSS: %d MiB after warm-up, %d MiB at the end (per minute: %s MiB)%n",
                rssStart / 1024, rssEnd / 1024, samples);
    }

    /**
     * The runner's heap in use just after a full GC, through the JDK's jcmd: what a leak would grow,
     * apart from the heap the JVM merely reserves and touches (which RSS counts).
     */
    private static String liveHeap(long pid) {
        try {
            run(jcmd(), Long.toString(pid), "GC.run");
            String info = run(jcmd(), Long.toString(pid), "GC.heap_info");
            Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
            return m.find() ? (Long.parseLong(m.group(1)) / 1024) + " MiB" : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** VmRSS of the runner process, from /proc (Linux). */
    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** One connection's client: each round runs every operation once, until the deadline. */
    private final class Worker implements Runnable {
        private final int index;
        private final long deadline;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final Map<String, Longs> latencies = new LinkedHashMap<>();
        private final Map<String, Long> errors = new LinkedHashMap<>();

        Worker(int index, long deadline) {
            this.index = index;
            this.deadline = deadline;
            for (String op : OPERATIONS) {
                latencies.put(op, new Longs());
                errors.put(op, 0L);
            }
        }

        @Override
        public void run() {
            String plaintext = Base64.getEncoder().encodeToString(new byte[64]);
            String alias = "alias/soak-" + index;
            for (long round = 0; System.nanoTime() < deadline; round++) {
                String key = keys.get((int) ((round + index) % KEYS));
                String other = keys.get((int) ((round + index + 1) % KEYS));
                timed("Health", null);
                String blob = BenchmarkCalls.stringField(
                        timed("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"" + plaintext + "\"}"),
                        "CiphertextBlob");
                timed("Decrypt", blob == null ? null : "{\"CiphertextBlob\":\"" + blob + "\"}");
                timed(
                        "ReEncrypt",
                        blob == null
                                ? null
                                : "{\"CiphertextBlob\":\"" + blob + "\",\"DestinationKeyId\":\"" + other + "\"}");
                timed("GenerateDataKey", "{\"KeyId\":\"" + key + "\",\"KeySpec\":\"AES_256\"}");
                timed(
                        "GenerateDataKeyPairWithoutPlaintext",
                        "{\"KeyId\":\"" + key + "\",\"KeyPairSpec\":\"ECC_NIST_P256\"}");
                timed("DescribeKey", "{\"KeyId\":\"" + alias + "\"}");
                timed("ListKeys", "{\"Limit\":20}");
                timed("UpdateAlias", "{\"AliasName\":\"" + alias + "\",\"TargetKeyId\":\"" + other + "\"}");
                timed("ListAliases", "{\"Limit\":20}");
                timed("GenerateRandom", "{\"NumberOfBytes\":32}");
            }
        }

        /** The response body, or null after an error (counted; a missing input counts as one too). */
        private String timed(String operation, String body) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> response;
                if (operation.equals("Health")) {
                    response = http.send(
                            HttpRequest.newBuilder(endpoint.resolve("/health"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                } else if (body == null) {
                    errors.merge(operation, 1L, Long::sum);
                    return null;
                } else {
                    response = call(http, operation, body);
                }
                latencies.get(operation).add(System.nanoTime() - t0);
                if (response.statusCode() != 200) {
                    errors.merge(operation, 1L, Long::sum);
                    return null;
                }
                return response.body();
            } catch (IOException | RuntimeException e) {
                errors.merge(operation, 1L, Long::sum);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** A growable array of longs, so a long run keeps no boxed samples. */
    private static final class Longs {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private HttpResponse<String> call(HttpClient http, String operation, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = BenchmarkCalls.send(http, endpoint, operation, body);
        if (response.statusCode() != 200 && (operation.equals("CreateKey") || operation.equals("CreateAlias"))) {
            throw new IllegalStateException(operation + " failed: " + response.body());
        }
        return response;
    }
}
