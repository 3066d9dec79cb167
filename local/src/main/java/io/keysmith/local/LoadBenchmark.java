package io.keysmith.local;

import io.keysmith.core.DataKeyPairSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The load benchmark: {@code wrk} (one client thread, 1, 2 and 4 connections) against an in-memory local runner in
 * this process, and in the same run the floors each figure is divided by: {@code GET /health} through the same
 * server (the HTTP path doing nothing), and the JDK's own key generation for the same spec on as many threads as
 * there are connections. Prints one Markdown table. Root-key flags are passed on to the runner.
 */
public final class LoadBenchmark {
    private static final int[] CONNECTIONS = {1, 2, 4};
    private static final int ROW_SECONDS = Integer.getInteger("bench.seconds", 4);
    private static final List<String> EC_SPECS = List.of("ECC_NIST_P256", "ECC_NIST_EDWARDS25519");
    private static final List<String> RSA_SPECS = List.of("RSA_2048", "RSA_4096");
    private static final int POOL_SIZE = 64;
    private static final int BURST = 50;
    private static final List<String> PAIR_OPERATIONS =
            List.of("GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext");
    /** Only rows whose label matches this run (a quicker partial run while working on one path). */
    private static final Pattern ONLY = Pattern.compile(System.getProperty("bench.only", ".*"));

    private static final String WRK_SCRIPT = """
            local target = os.getenv("KS_TARGET") or ""
            if target ~= "" then
              wrk.method = "POST"
              wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
              wrk.headers["X-Amz-Target"] = "TrentService." .. target
              wrk.body = os.getenv("KS_BODY")
            else
              wrk.method = "GET"
              wrk.path = "/health"
            end
            """;

    private final Path script;
    private final Map<String, Double> keygenRates = new HashMap<>();
    private final Map<String, Double> keygenP50Millis = new HashMap<>();

    private LoadBenchmark(Path script) {
        this.script = script;
    }

    /** One wrk run: requests answered, non-2xx answers, throughput and latency percentiles. */
    record WrkResult(long requests, long errors, double perSecond, double p50Millis, double p99Millis) {}

    public static void main(String[] args) throws Exception {
        // One log line per request would measure the console, not Keysmith.
        System.setProperty("org.slf4j.simpleLogger.log.io.keysmith.api.KmsApi", "warn");
        Path script = Files.createTempFile("keysmith-bench", ".lua");
        Files.writeString(script, WRK_SCRIPT);
        try {
            LoadBenchmark bench = new LoadBenchmark(script);
            System.out.printf(
                    "Keysmith local runner, in memory, %s; wrk 1 thread; %d cores, %s %s; %d s a row%n%n",
                    String.join(" ", args).isEmpty() ? "DynamoDB root key" : String.join(" ", args),
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"),
                    System.getProperty("java.version"),
                    ROW_SECONDS);
            System.out.println("| operation | spec | conn | requests | errors | req/s | p50 ms | p99 ms | floor"
                    + " | floor req/s | ratio |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
            bench.runAll(args);
        } finally {
            Files.deleteIfExists(script);
        }
        System.exit(0);
    }

    private void runAll(String[] runnerArgs) throws Exception {
        try (LocalServer runner = start(runnerArgs, "--rsa-pool", "0")) {
            URI endpoint = URI.create("http://127.0.0.1:" + runner.port() + "/");
            String keyId = createKey(endpoint);
            warmUp(endpoint, keyId);
            Map<Integer, Double> health = new HashMap<>();
            for (int connections : CONNECTIONS) {
                WrkResult result = wrk(endpoint, "", "", connections);
                health.put(connections, result.perSecond());
                row("GET /health", "-", connections, result, "-", Double.NaN);
            }
            for (int connections : CONNECTIONS) {
                if (selected("GenerateDataKey AES_256")) {
                    WrkResult result = wrk(
                            endpoint,
                            "GenerateDataKey",
                            "{\"KeyId\":\"" + keyId + "\",\"KeySpec\":\"AES_256\"}",
                            connections);
                    row("GenerateDataKey", "AES_256", connections, result, "GET /health", health.get(connections));
                }
            }
            for (String spec : EC_SPECS) {
                pairRows(endpoint, keyId, spec, "");
            }
            for (String spec : RSA_SPECS) {
                pairRows(endpoint, keyId, spec, ", pool off");
            }
        }
        pooledRows(runnerArgs);
    }

    /**
     * RSA from a warm pool: bursts of {@link #BURST} requests as fast as wrk sends them, each started once the pool
     * is full again, since a burst is what a pool absorbs (a sustained rate above the refill rate empties it).
     */
    private void pooledRows(String[] runnerArgs) throws Exception {
        String sizes = RSA_SPECS.stream()
                .map(s -> s.substring(4) + "=" + POOL_SIZE)
                .reduce((a, b) -> a + "," + b)
                .orElseThrow();
        try (LocalServer runner = start(runnerArgs, "--rsa-pool", sizes)) {
            URI endpoint = URI.create("http://127.0.0.1:" + runner.port() + "/");
            String keyId = createKey(endpoint);
            wrk(endpoint, "GenerateDataKeyPairWithoutPlaintext", pairBody(keyId, "ECC_NIST_P256"), 2);
            for (String spec : RSA_SPECS) {
                for (String operation : PAIR_OPERATIONS) {
                    for (int connections : new int[] {2, 4}) {
                        if (!selected(operation + " " + spec + " pool")
                                || (operation.equals("GenerateDataKeyPair") && connections != 2)) {
                            continue;
                        }
                        awaitFullPool(runner, DataKeyPairSpec.valueOf(spec));
                        WrkResult result = burst(endpoint, operation, pairBody(keyId, spec), connections);
                        row(
                                operation,
                                spec + ", pool warm, burst of " + BURST,
                                connections,
                                result,
                                keygenFloor(spec, connections),
                                keygenRate(spec, connections));
                    }
                }
            }
        }
    }

    private static void awaitFullPool(LocalServer runner, DataKeyPairSpec spec) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (runner.readyPairs(spec) < POOL_SIZE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + spec + " pool did not fill in 10 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static LocalServer start(String[] runnerArgs, String... more) throws IOException {
        String[] args =
                Stream.concat(Arrays.stream(runnerArgs), Arrays.stream(more)).toArray(String[]::new);
        Options options = Options.parse(args).withStorage(0, Path.of(".keysmith-bench"), true);
        return LocalServer.start(options, Clock.systemUTC(), line -> {});
    }

    private void pairRows(URI endpoint, String keyId, String spec, String note) throws Exception {
        for (String operation : PAIR_OPERATIONS) {
            for (int connections : CONNECTIONS) {
                if (!selected(operation + " " + spec)) {
                    continue;
                }
                WrkResult result = wrk(endpoint, operation, pairBody(keyId, spec), connections);
                row(
                        operation,
                        spec + note,
                        connections,
                        result,
                        keygenFloor(spec, connections),
                        keygenRate(spec, connections));
            }
        }
    }

    private static boolean selected(String label) {
        return ONLY.matcher(label).find();
    }

    private static String pairBody(String keyId, String spec) {
        return "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"" + spec + "\"}";
    }

    private static void row(String operation, String spec, int connections, WrkResult r, String floor, double rate) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %d | %d | %d | %.0f | %.2f | %.2f | %s | %s | %s |%n",
                operation,
                spec,
                connections,
                r.requests(),
                r.errors(),
                r.perSecond(),
                r.p50Millis(),
                r.p99Millis(),
                floor,
                Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.0f", rate),
                Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * r.perSecond() / rate));
        System.out.flush();
    }

    /**
     * {@link #BURST} requests sent back to back on {@code connections} connections, by Java's HTTP client: wrk
     * has no request count (its Lua stop ends a thread's loop, not the run), and a burst is what a pool absorbs.
     */
    private static WrkResult burst(URI endpoint, String target, String body, int connections) throws Exception {
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long started = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int share = BURST / connections + (c < BURST % connections ? 1 : 0);
                work.add(clients.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        long t0 = System.nanoTime();
                        if (BenchmarkCalls.send(http, endpoint, target, body).statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        nanos.add(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            clients.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new WrkResult(
                sorted.length,
                errors.get(),
                sorted.length / seconds,
                BenchmarkCalls.percentileMillis(sorted, 0.50),
                BenchmarkCalls.percentileMillis(sorted, 0.99));
    }

    /** Runs wrk for the row's duration. */
    WrkResult wrk(URI endpoint, String target, String body, int connections) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                "wrk",
                "-t1",
                "-c" + connections,
                "-d" + ROW_SECONDS + "s",
                "--latency",
                "-s",
                script.toString(),
                endpoint.toString());
        builder.environment().put("KS_TARGET", target);
        builder.environment().put("KS_BODY", body);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        return parseWrk(output);
    }

    static WrkResult parseWrk(String output) {
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(output);
        Matcher rate = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(output);
        if (!requests.find() || !rate.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + output);
        }
        Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
        Matcher socketErrors =
                Pattern.compile("Socket errors: .*?(\\d+) timeout").matcher(output);
        long failed = (errors.find() ? Long.parseLong(errors.group(1)) : 0)
                + (socketErrors.find() ? Long.parseLong(socketErrors.group(1)) : 0);
        return new WrkResult(
                Long.parseLong(requests.group(1)),
                failed,
                Double.parseDouble(rate.group(1)),
                percentile(output, "50%"),
                percentile(output, "99%"));
    }

    private static double percentile(String output, String which) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(which) + "\\s+([\\d.]+)(us|ms|s|m)\\b")
                .matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }

    private String keygenFloor(String spec, int threads) throws Exception {
        keygenRate(spec, threads);
        return String.format(
                Locale.ROOT, "JDK keygen, %d thr, p50 %.2f ms", threads, keygenP50Millis.get(spec + "/" + threads));
    }

    /** Key pairs per second that the JDK makes for {@code spec} on {@code threads} threads, measured once. */
    private double keygenRate(String spec, int threads) throws Exception {
        String key = spec + "/" + threads;
        Double known = keygenRates.get(key);
        if (known != null) {
            return known;
        }
        // At least ROW_SECONDS, and at least 4 pairs a thread, so that RSA's wide spread averages out somewhat.
        long minNanos = ROW_SECONDS * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<List<Long>>> timings = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                timings.add(pool.submit(() -> {
                    KeyPairGenerator generator = generator(spec);
                    List<Long> nanos = new ArrayList<>();
                    while (nanos.size() < 4 || System.nanoTime() - started < minNanos) {
                        long t0 = System.nanoTime();
                        generator.generateKeyPair();
                        nanos.add(System.nanoTime() - t0);
                    }
                    return nanos;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> timing : timings) {
                all.addAll(timing.get());
            }
            double rate = all.size() / ((System.nanoTime() - started) / 1e9);
            keygenRates.put(key, rate);
            keygenP50Millis.put(
                    key,
                    BenchmarkCalls.percentileMillis(
                            all.stream().mapToLong(Long::longValue).sorted().toArray(), 0.50));
            return rate;
        } finally {
            pool.shutdown();
        }
    }

    private static KeyPairGenerator generator(String spec) throws Exception {
        KeyPairGenerator generator;
        switch (spec) {
            case "ECC_NIST_P256" -> {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            case "ECC_NIST_EDWARDS25519" -> generator = KeyPairGenerator.getInstance("Ed25519");
            case "RSA_2048", "RSA_4096" -> {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(Integer.parseInt(spec.substring(4)));
            }
            default -> throw new IllegalArgumentException(spec);
        }
        return generator;
    }

    private static String createKey(URI endpoint) throws Exception {
        HttpResponse<String> created = BenchmarkCalls.send(HttpClient.newHttpClient(), endpoint, "CreateKey", "{}");
        String keyId = BenchmarkCalls.stringField(created.body(), "KeyId");
        if (created.statusCode() != 200 || keyId == null) {
            throw new IllegalStateException("CreateKey failed: " + created.body());
        }
        return keyId;
    }

    /** Warms the JIT on the request path, so that the first rows do not pay for it. */
    private void warmUp(URI endpoint, String keyId) throws Exception {
        for (String spec : EC_SPECS) {
            for (String operation : PAIR_OPERATIONS) {
                wrk(endpoint, operation, pairBody(keyId, spec), 2);
            }
        }
        wrk(endpoint, "GenerateDataKey", "{\"KeyId\":\"" + keyId + "\",\"KeySpec\":\"AES_256\"}", 2);
        for (String spec : EC_SPECS) {
            keygenRate(spec, 1);
        }
        keygenRates.clear();
        keygenP50Millis.clear();
    }
}
