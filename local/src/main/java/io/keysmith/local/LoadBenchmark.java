package io.keysmith.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A load client against an in-memory local runner on 127.0.0.1: GenerateDataKeyPairWithoutPlaintext
 * for each spec, then Decrypt, each a bounded number of requests from a few concurrent clients. It
 * prints a Markdown table of throughput and latency next to AWS's published per-account quotas.
 * Root-key flags are the runner's, so the HSM root key can be measured too.
 */
public final class LoadBenchmark {
    private static final int CONCURRENCY = 4;
    private static final long TIME_CAP_SECONDS = 60;
    private static final Map<String, Integer> REQUESTS = new LinkedHashMap<>();
    private static final Map<String, String> AWS_QUOTA =
            Map.of("RSA_2048", "20", "RSA_3072", "4", "RSA_4096", "1", "SM2", "25 (China Regions only)");

    static {
        REQUESTS.put("ECC_NIST_P256", 2000);
        REQUESTS.put("ECC_NIST_P384", 1000);
        REQUESTS.put("ECC_NIST_P521", 500);
        REQUESTS.put("ECC_SECG_P256K1", 1000);
        REQUESTS.put("SM2", 1000);
        REQUESTS.put("ECC_NIST_EDWARDS25519", 2000);
        REQUESTS.put("RSA_2048", 200);
        REQUESTS.put("RSA_3072", 60);
        REQUESTS.put("RSA_4096", 30);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;

    private LoadBenchmark(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static void main(String[] args) throws Exception {
        // One log line per request would measure the console, not Keysmith.
        System.setProperty("org.slf4j.simpleLogger.log.io.keysmith.api.KmsApi", "warn");
        Options options = Options.parse(args).withStorage(0, Path.of(".keysmith-bench"), true);
        try (LocalServer runner = LocalServer.start(options, java.time.Clock.systemUTC(), line -> {})) {
            LoadBenchmark bench = new LoadBenchmark(URI.create("http://127.0.0.1:" + runner.port()));
            String keyId = field(bench.call("CreateKey", "{}"), "KeyId");
            // Warm the JIT on the whole request path first, so the first rows do not pay for it.
            for (int i = 0; i < 1500; i++) {
                bench.call(
                        "GenerateDataKeyPairWithoutPlaintext",
                        "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\""
                                + (i % 2 == 0 ? "ECC_NIST_P256" : "ECC_SECG_P256K1") + "\"}");
            }
            System.out.printf(
                    "Keysmith local runner, root key %s, %d concurrent clients, %d cores, %s %s%n%n",
                    options.rootKey(),
                    CONCURRENCY,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            System.out.println("| operation | spec | requests | req/s | p50 ms | p99 ms | AWS quota, req/s |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: | --- |");
            for (Map.Entry<String, Integer> spec : REQUESTS.entrySet()) {
                String body = "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"" + spec.getKey() + "\"}";
                bench.run(
                        "GenerateDataKeyPairWithoutPlaintext",
                        spec.getKey(),
                        body,
                        spec.getValue(),
                        AWS_QUOTA.getOrDefault(spec.getKey(), "100"));
            }
            String blob = field(
                    bench.call(
                            "GenerateDataKeyPairWithoutPlaintext",
                            "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"ECC_NIST_P256\"}"),
                    "PrivateKeyCiphertextBlob");
            bench.run(
                    "Decrypt",
                    "ECC_NIST_P256 blob",
                    "{\"CiphertextBlob\":\"" + blob + "\"}",
                    2000,
                    "shared, 5,500-100,000 by Region");
        }
        System.exit(0);
    }

    private void run(String operation, String label, String body, int requests, String quota) throws Exception {
        for (int i = 0; i < 3; i++) {
            call(operation, body);
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_CAP_SECONDS);
        long started = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < CONCURRENCY; c++) {
            int share = requests / CONCURRENCY;
            work.add(clients.submit(() -> {
                for (int i = 0; i < share && System.nanoTime() < deadline; i++) {
                    long t0 = System.nanoTime();
                    call(operation, body);
                    latencies.add(System.nanoTime() - t0);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        clients.shutdown();
        long[] sorted = new ArrayList<>(latencies)
                .stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "| %s | %s | %d | %.0f | %.1f | %.1f | %s |%n",
                operation,
                label,
                sorted.length,
                sorted.length / seconds,
                BenchmarkCalls.percentileMillis(sorted, 0.50),
                BenchmarkCalls.percentileMillis(sorted, 0.99),
                quota);
    }

    private String call(String operation, String body) throws Exception {
        HttpResponse<String> response = BenchmarkCalls.send(http, endpoint, operation, body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " failed: " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        String value = BenchmarkCalls.stringField(json, name);
        if (value == null) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return value;
    }
}
