package io.keysmith.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.Randomness;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.store.KeysTableSchema;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Lambda jar's cold start and warm path, measured as the function would run: the shaded jar alone in a fresh
 * JVM (with only {@code TimingDriver} standing in for the runtime), with the environment Lambda and the CDK
 * construct set, against DynamoDB Local over HTTP (in this JVM). Prints one Markdown table: cold start (init:
 * fresh JVM to handler built; first call: a GenerateDataKeyPair ECC_NIST_P256 on an existing key), warm p50/p99 of
 * that call on a key-cache hit and on a miss (after a round of misses that warms the DynamoDB client's path), and the floors measured in the same run (a bare JVM's start, one
 * DynamoDB Local GetItem round trip, a raw P-256 key generation). A command, never a test: it asserts nothing.
 *
 * <p>Options: {@code --jar FILE} (default the functions module's shaded jar), {@code --runs N} cold starts (5),
 * {@code --requests N} warm requests per row (1000), {@code --java FILE} (this JVM's), {@code --jvm-option OPT}
 * (repeatable: the function's JVM options, as JAVA_TOOL_OPTIONS would set them; default
 * {@link #LAMBDA_JAVA21_DEFAULTS}, and {@code --jvm-option -XX:TieredStopAtLevel=4} for C2), {@code --key-cache-ttl
 * SECONDS} (5), {@code --root-key-protection kms|none} (kms, the deployed default: the root key's envelope is opened
 * through a KMS stand-in over HTTP, Keysmith's own KMS API in this JVM).
 */
public final class ColdStartBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYS_TABLE = "keysmith-keys";
    private static final String ROOT_KEY_TABLE = "keysmith-root-key";
    private static final String ACCOUNT = "123456789012";
    /**
     * What Lambda's java21 runtime runs a function with unless JAVA_TOOL_OPTIONS says otherwise: C1 only (AWS's
     * "Customize Java runtime startup behavior") and the serial collector. Any --jvm-option replaces them all.
     */
    static final List<String> LAMBDA_JAVA21_DEFAULTS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Path jar;
    private final int runs;
    private final int requests;
    private final String javaBinary;
    private final List<String> jvmOptions;
    private final String keyCacheTtl;
    private final Path driverDir;
    private final String rootKeyProtection;
    private DynamoDbLocalServer dynamoLocal;
    private KmsStandIn kms;
    private String envelopeKeyArn;

    private ColdStartBenchmark(Map<String, List<String>> options) throws IOException {
        this.jar = Path.of(single(options, "--jar", "functions/target/keysmith-functions-0.1.0-SNAPSHOT-lambda.jar"))
                .toAbsolutePath();
        this.runs = Integer.parseInt(single(options, "--runs", "5"));
        this.requests = Integer.parseInt(single(options, "--requests", "1000"));
        this.javaBinary = single(
                options,
                "--java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        this.jvmOptions = options.getOrDefault("--jvm-option", LAMBDA_JAVA21_DEFAULTS);
        this.keyCacheTtl = single(options, "--key-cache-ttl", "5");
        this.rootKeyProtection = single(options, "--root-key-protection", "kms");
        if (!List.of("kms", "none").contains(rootKeyProtection)) {
            throw new IllegalArgumentException("--root-key-protection is kms or none");
        }
        this.driverDir = driverClasses();
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
        }
        // DynamoDB Local's threads are not daemons: without an exit, a failed run would hang instead of ending.
        try {
            new ColdStartBenchmark(options).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -o -pl functions package");
        }
        dynamoLocal = new DynamoDbLocalServer();
        kms = new KmsStandIn();
        try (DynamoDbClient dynamo = client()) {
            dynamo.createTable(KeysTableSchema.keysTable(KEYS_TABLE));
            dynamo.createTable(KeysTableSchema.rootKeyTable(ROOT_KEY_TABLE));
            if (rootKeyProtection.equals("kms")) {
                envelopeKeyArn = kms.createSealedRootKey(dynamo, ROOT_KEY_TABLE);
            } else {
                new DynamoDbRootKey(dynamo, ROOT_KEY_TABLE, new Randomness()).create();
            }

            List<Row> rows = new ArrayList<>();
            rows.add(Row.of("bare JVM start and exit (`java -version`), floor", bareJvm(), "ms per run"));
            double[] init = new double[runs];
            double[] first = new double[runs];
            double[] firstInHandler = new double[runs];
            double[] initCpu = new double[runs];
            double[] firstCpu = new double[runs];
            String coldKey = null;
            Warm warm = null;
            for (int run = 0; run < runs; run++) {
                try (Function function = new Function()) {
                    init[run] = function.initMillis;
                    if (coldKey == null) {
                        coldKey = function.createKey();
                        function.close();
                        run--; // the key is made; every measured run starts cold on an existing key
                        continue;
                    }
                    long sent = System.nanoTime();
                    Response response = function.send(pairEvent(coldKey));
                    first[run] = (System.nanoTime() - sent) / 1e6;
                    firstInHandler[run] = response.nanos / 1e6;
                    initCpu[run] = function.initCpuMillis;
                    firstCpu[run] = response.cpuNanos / 1e6 - function.initCpuMillis;
                    if (run == runs - 1) {
                        warm = function.warm(coldKey);
                    }
                }
            }
            rows.add(Row.of("cold start: init (fresh JVM to handler built)", init, runs + " runs"));
            rows.add(Row.of("cold start: first call, GenerateDataKeyPair P-256 (event in to response out)", first, ""));
            rows.add(Row.of("cold start: first call, in the handler", firstInHandler, ""));
            double[] total = new double[runs];
            for (int i = 0; i < runs; i++) {
                total[i] = init[i] + first[i];
            }
            rows.add(Row.of("cold start: init + first call", total, ""));
            rows.add(Row.of("cold start: init, CPU time of the function's JVM", initCpu, "all threads"));
            rows.add(Row.of("cold start: first call, CPU time of the function's JVM", firstCpu, "all threads"));
            rows.add(Row.of(
                    "warm GenerateDataKeyPair P-256, key-cache hit (in the handler)",
                    warm.hits,
                    warm.hits.length + " requests, 0 DynamoDB reads each"));
            rows.add(Row.of(
                    "warm GenerateDataKeyPair P-256, key-cache miss (in the handler)",
                    warm.misses,
                    warm.misses.length + " keys used once, 1 DynamoDB Query each"));
            rows.add(Row.of("DynamoDB Local GetItem round trip over HTTP, floor", getItem(dynamo, coldKey), ""));
            rows.add(Row.of(
                    "DynamoDB Local Query of a key's metadata and material over HTTP (a miss's one read)",
                    keyQuery(dynamo, coldKey),
                    ""));
            rows.add(Row.of("raw P-256 key generation (JDK), floor", rawKeygen(), ""));
            print(rows);
        } finally {
            kms.close();
            dynamoLocal.close();
        }
    }

    private void print(List<Row> rows) {
        System.out.printf(
                Locale.ROOT,
                "Lambda jar %s, %s, JVM options %s, key cache TTL %s s, rootKeyProtection=%s; %d cores%n%n",
                jar.getFileName(),
                Runtime.version(),
                jvmOptions.isEmpty() ? "none" : String.join(" ", jvmOptions),
                keyCacheTtl,
                rootKeyProtection,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| measure | p50 ms | p99 ms | min ms | max ms | notes |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
        for (Row row : rows) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s |%n",
                    row.name(),
                    format(row.p50()),
                    format(row.p99()),
                    format(row.min()),
                    format(row.max()),
                    row.notes());
        }
    }

    private static String format(double ms) {
        return ms >= 10 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    /** A JVM that starts and exits doing nothing else, with the function's JVM options. */
    private double[] bareJvm() throws Exception {
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>(List.of(javaBinary));
            command.addAll(jvmOptions);
            command.add("-version");
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        return times;
    }

    private double[] getItem(DynamoDbClient dynamo, String keyId) {
        Map<String, AttributeValue> key = Map.of(
                KeysTableSchema.PK, AttributeValue.fromS("KEY#" + keyId),
                KeysTableSchema.SK, AttributeValue.fromS("META"));
        for (int i = 0; i < 500; i++) {
            dynamo.getItem(r -> r.tableName(KEYS_TABLE).key(key).consistentRead(true));
        }
        double[] times = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            dynamo.getItem(r -> r.tableName(KEYS_TABLE).key(key).consistentRead(true));
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        return times;
    }

    /** The Query that {@code DynamoDbKeyStore.findWithCurrentMaterial} sends. */
    private double[] keyQuery(DynamoDbClient dynamo, String keyId) {
        Map<String, AttributeValue> values = Map.of(
                ":pk", AttributeValue.fromS("KEY#" + keyId),
                ":material", AttributeValue.fromS("MATERIAL#"),
                ":meta", AttributeValue.fromS("META"));
        Runnable query = () -> dynamo.query(r -> r.tableName(KEYS_TABLE)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :material AND :meta")
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .consistentRead(true));
        for (int i = 0; i < 500; i++) {
            query.run();
        }
        double[] times = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            query.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        return times;
    }

    private double[] rawKeygen() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < 2000; i++) {
            generator.generateKeyPair();
        }
        double[] times = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            generator.generateKeyPair();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        return times;
    }

    private DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(dynamoLocal.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The driver's classes alone, copied out of the test classes, so that nothing else joins the jar. */
    private static Path driverClasses() throws IOException {
        Path testClasses;
        try {
            testClasses = Path.of(ColdStartBenchmark.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path dir = Files.createTempDirectory("keysmith-cold-start");
        Path target = Files.createDirectories(dir.resolve("io/keysmith/lambdadriver"));
        try (Stream<Path> classes = Files.list(testClasses.resolve("io/keysmith/lambdadriver"))) {
            for (Path c : classes.toList()) {
                Files.copy(c, target.resolve(c.getFileName()));
            }
        }
        dir.toFile().deleteOnExit();
        return dir;
    }

    private static String pairEvent(String keyId) throws IOException {
        return event(
                "GenerateDataKeyPair", JSON.writeValueAsString(Map.of("KeyId", keyId, "KeyPairSpec", "ECC_NIST_P256")));
    }

    /** An API Gateway proxy event as the deployment's API sends it. */
    private static String event(String operation, String body) throws IOException {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", "/").put("path", "/").put("httpMethod", "POST");
        event.putObject("headers")
                .put("Content-Type", "application/x-amz-json-1.1")
                .put("X-Amz-Target", "TrentService." + operation);
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", ACCOUNT).put("apiId", "abc123").put("stage", "prod");
        context.putObject("identity")
                .put("accountId", ACCOUNT)
                .put("userArn", "arn:aws:iam::" + ACCOUNT + ":user/bench")
                .put("sourceIp", "203.0.113.10");
        event.put("body", body).put("isBase64Encoded", false);
        return JSON.writeValueAsString(event);
    }

    private record Response(int status, long nanos, long cpuNanos, String body) {}

    private record Warm(double[] hits, double[] misses) {}

    private record Row(String name, double p50, double p99, double min, double max, String notes) {
        static Row of(String name, double[] values, String notes) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Row(
                    name, percentile(sorted, 50), percentile(sorted, 99), sorted[0], sorted[sorted.length - 1], notes);
        }

        private static double percentile(double[] sorted, int p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    /** The function in a fresh JVM: started in the constructor, which returns once the handler is built. */
    private final class Function implements AutoCloseable {
        private final Process process;
        private final Writer events;
        private final BufferedReader answers;
        final double initMillis;
        final double initCpuMillis;

        Function() throws IOException {
            List<String> command = new ArrayList<>(List.of(javaBinary));
            command.addAll(jvmOptions);
            command.addAll(
                    List.of("-cp", jar + File.pathSeparator + driverDir, "io.keysmith.lambdadriver.TimingDriver"));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(environment());
            long start = System.nanoTime();
            process = builder.start();
            drain(process.getInputStream()); // the function's log
            events = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            answers = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String ready = expectLine("READY");
            initMillis = (System.nanoTime() - start) / 1e6;
            initCpuMillis = Long.parseLong(ready.substring("READY ".length())) / 1e6;
        }

        private Map<String, String> environment() {
            Map<String, String> env = new HashMap<>();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("_HANDLER", "io.keysmith.lambda.KeysmithHandler::handleRequest");
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"); // a cold start without SnapStart
            env.put("AWS_LAMBDA_FUNCTION_NAME", "keysmith-api");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
            env.put("AWS_REGION", "eu-west-1");
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            env.put("AWS_SESSION_TOKEN", "test");
            env.put("TZ", ":UTC");
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoLocal.endpoint().toString());
            env.put("KEYS_TABLE", KEYS_TABLE);
            env.put("ROOT_KEY_MODE", "dynamodb");
            env.put("ROOT_KEY_TABLE", ROOT_KEY_TABLE);
            env.put("ROOT_KEY_PROTECTION", rootKeyProtection);
            if (envelopeKeyArn != null) {
                env.put("ROOT_KEY_KMS_KEY_ARN", envelopeKeyArn);
                env.put("AWS_ENDPOINT_URL_KMS", kms.endpoint().toString());
            }
            env.put("KEYSMITH_ACCOUNT", ACCOUNT);
            env.put("KEYSMITH_API_ID", "abc123");
            env.put("KEYSMITH_STAGE", "prod");
            env.put("KEY_CACHE_TTL_SECONDS", keyCacheTtl);
            return env;
        }

        private void drain(InputStream stream) {
            Thread drain = new Thread(
                    () -> {
                        try (stream) {
                            stream.transferTo(OutputStream.nullOutputStream());
                        } catch (IOException e) {
                            // the process ended
                        }
                    },
                    "function-stdout");
            drain.setDaemon(true);
            drain.start();
        }

        private String expectLine(String prefix) throws IOException {
            String line;
            while ((line = answers.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
                System.err.println("[function] " + line);
            }
            throw new IllegalStateException("the function's JVM ended before " + prefix);
        }

        Response send(String event) throws IOException {
            events.write(event + "\n");
            events.flush();
            String[] parts = expectLine("RESPONSE ").split(" ", 4);
            JsonNode proxyResponse = JSON.readTree(parts[3]);
            Response response = new Response(
                    proxyResponse.get("statusCode").asInt(),
                    Long.parseLong(parts[1]),
                    Long.parseLong(parts[2]),
                    proxyResponse.get("body").asText());
            if (response.status() != 200) {
                throw new IllegalStateException("status " + response.status() + ": " + response.body());
            }
            return response;
        }

        String createKey() throws IOException {
            JsonNode created = JSON.readTree(send(event("CreateKey", "{}")).body());
            return created.get("KeyMetadata").get("KeyId").asText();
        }

        double[] repeat(String event, int n) throws IOException {
            events.write("REPEAT " + n + " " + event + "\n");
            events.flush();
            String[] parts = expectLine("TIMES").split(" ");
            double[] times = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                times[i - 1] = Long.parseLong(parts[i]) / 1e6;
            }
            return times;
        }

        /** Hits: one key over and over, after a warm-up. Misses: keys made here, each then used once. */
        Warm warm(String keyId) throws IOException {
            String pair = pairEvent(keyId);
            repeat(pair, 2000);
            double[] hits = repeat(pair, requests);
            // Misses take the DynamoDB client's path, which the hits never warmed: a first round warms it.
            int missCount = Math.max(50, requests / 4);
            double[] misses = new double[missCount];
            for (int round = 0; round < 2; round++) {
                List<String> fresh = new ArrayList<>();
                for (int i = 0; i < missCount; i++) {
                    fresh.add(createKey()); // this instance's own write: the key is not in its cache
                }
                for (int i = 0; i < missCount; i++) {
                    misses[i] = send(pairEvent(fresh.get(i))).nanos() / 1e6;
                }
            }
            return new Warm(hits, misses);
        }

        @Override
        public void close() throws IOException {
            events.close();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static String single(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }
}
