package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.store.KeysTableSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shaded Lambda jar as it ships: alone on the classpath of a fresh JVM (with only the
 * {@code LambdaDriver} that stands in for the runtime), with the environment Lambda sets, against
 * DynamoDB Local over HTTP, and its root key sealed under a KMS key of a stand-in KMS that the function
 * reaches with the AWS SDK (the deployed default, {@code rootKeyProtection=kms}). Every event in {@code events/} replays to a 200 with the members its
 * operation returns (placeholders such as {{keyId}} are filled with a key, alias and blob made through
 * the same function first). Then the function's stdout, which is its CloudWatch log, is read: one JSON
 * log line and one EMF document per request, the documented fields, and no secret that was returned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("keysmith.lambda.jar"));
    private static final Path EVENTS = Path.of(System.getProperty("keysmith.events.dir"));
    private static final Path DRIVER_CLASSES =
            Path.of(System.getProperty("keysmith.test.classes"), "io", "keysmith", "lambdadriver");
    private static final String CALLER = "arn:aws:iam::123456789012:user/events";

    /** The members each operation's response must carry. */
    private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
            Map.entry("CreateKey", List.of("KeyMetadata")),
            Map.entry("DescribeKey", List.of("KeyMetadata")),
            Map.entry("ListKeys", List.of("Keys", "Truncated")),
            Map.entry("EnableKey", List.of()),
            Map.entry("DisableKey", List.of()),
            Map.entry("UpdateKeyDescription", List.of()),
            Map.entry("ScheduleKeyDeletion", List.of("KeyId", "DeletionDate", "KeyState", "PendingWindowInDays")),
            Map.entry("CancelKeyDeletion", List.of("KeyId")),
            Map.entry("TagResource", List.of()),
            Map.entry("UntagResource", List.of()),
            Map.entry("ListResourceTags", List.of("Tags", "Truncated")),
            Map.entry("CreateAlias", List.of()),
            Map.entry("UpdateAlias", List.of()),
            Map.entry("DeleteAlias", List.of()),
            Map.entry("ListAliases", List.of("Aliases", "Truncated")),
            Map.entry("EnableKeyRotation", List.of()),
            Map.entry("DisableKeyRotation", List.of()),
            Map.entry("GetKeyRotationStatus", List.of("KeyId", "KeyRotationEnabled")),
            Map.entry("RotateKeyOnDemand", List.of("KeyId")),
            Map.entry("ListKeyRotations", List.of("Rotations", "Truncated")),
            Map.entry(
                    "GenerateDataKeyPair",
                    List.of(
                            "KeyId",
                            "KeyPairSpec",
                            "PublicKey",
                            "PrivateKeyPlaintext",
                            "PrivateKeyCiphertextBlob",
                            "KeyMaterialId")),
            Map.entry(
                    "GenerateDataKeyPairWithoutPlaintext",
                    List.of("KeyId", "KeyPairSpec", "PublicKey", "PrivateKeyCiphertextBlob", "KeyMaterialId")),
            Map.entry("GenerateDataKey", List.of("KeyId", "Plaintext", "CiphertextBlob", "KeyMaterialId")),
            Map.entry("GenerateDataKeyWithoutPlaintext", List.of("KeyId", "CiphertextBlob", "KeyMaterialId")),
            Map.entry("Encrypt", List.of("KeyId", "CiphertextBlob", "EncryptionAlgorithm")),
            Map.entry("Decrypt", List.of("KeyId", "Plaintext", "EncryptionAlgorithm", "KeyMaterialId")),
            Map.entry("ReEncrypt", List.of("CiphertextBlob", "SourceKeyId", "KeyId")),
            Map.entry("GenerateRandom", List.of("Plaintext")),
            Map.entry("CreateGrant", List.of("GrantToken", "GrantId")),
            Map.entry("ListGrants", List.of("Grants", "Truncated")),
            Map.entry("ListRetirableGrants", List.of("Grants", "Truncated")),
            Map.entry("RetireGrant", List.of()),
            Map.entry("RevokeGrant", List.of()));
    /** Response members that carry secrets; none of them may reach the log. */
    private static final List<String> SECRET_MEMBERS = List.of("PrivateKeyPlaintext", "Plaintext");

    @TempDir
    static Path work;

    private DynamoDbLocalServer dynamo;
    /** Stands in for AWS KMS: the function opens its root key's envelope through it, with its own KMS client. */
    private KmsStandIn kms;

    private String envelopeKeyArn;
    private Process function;
    private Writer events;
    private BufferedReader responses;
    private final StringBuffer stdout = new StringBuffer();
    private final List<byte[]> secrets = new ArrayList<>();
    /** Grant tokens are credentials: none may reach the log either. */
    private final List<String> grantTokens = new ArrayList<>();

    private final List<String> operationsSent = new ArrayList<>();
    private String disabledKeyArn;

    @BeforeAll
    void start() throws Exception {
        dynamo = new DynamoDbLocalServer();
        kms = new KmsStandIn();
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(dynamo.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            client.createTable(KeysTableSchema.keysTable("keysmith-keys"));
            client.createTable(KeysTableSchema.rootKeyTable("keysmith-root-key"));
            // The deployment's custom resource makes the root key before the function serves, sealed under a KMS key.
            envelopeKeyArn = kms.createSealedRootKey(client, "keysmith-root-key");
        }
        Path driver = Files.createDirectories(work.resolve("driver/io/keysmith/lambdadriver"));
        try (Stream<Path> classes = Files.list(DRIVER_CLASSES)) {
            for (Path c : classes.toList()) {
                Files.copy(c, driver.resolve(c.getFileName()));
            }
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                JAR + java.io.File.pathSeparator + work.resolve("driver"),
                "io.keysmith.lambdadriver.LambdaDriver");
        builder.environment().clear();
        builder.environment().putAll(lambdaEnvironment());
        function = builder.start();
        Thread drain = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(function.getInputStream(), StandardCharsets.UTF_8))) {
                        out.lines().forEach(l -> stdout.append(l).append('\n'));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                "lambda-stdout");
        drain.setDaemon(true);
        drain.start();
        events = new OutputStreamWriter(function.getOutputStream(), StandardCharsets.UTF_8);
        responses = new BufferedReader(new InputStreamReader(function.getErrorStream(), StandardCharsets.UTF_8));
        String ready = nextDriverLine();
        assertEquals("READY", ready, "the handler did not build: " + stdout);
    }

    /** What Lambda sets for a java21 function, plus what the CDK construct sets, and DynamoDB Local's endpoint. */
    private Map<String, String> lambdaEnvironment() {
        return Map.ofEntries(
                Map.entry("_HANDLER", "io.keysmith.lambda.KeysmithHandler::handleRequest"),
                Map.entry("AWS_EXECUTION_ENV", "AWS_Lambda_java21"),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", "keysmith-api"),
                Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "1"),
                Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048"),
                Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/keysmith-api"),
                Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/30/[1]0123456789abcdef"),
                Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                Map.entry("LAMBDA_TASK_ROOT", work.toString()),
                Map.entry("AWS_REGION", "eu-west-1"),
                Map.entry("AWS_DEFAULT_REGION", "eu-west-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "test"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "test"),
                Map.entry("AWS_SESSION_TOKEN", "test"),
                Map.entry("TZ", ":UTC"),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString()),
                Map.entry("KEYS_TABLE", "keysmith-keys"),
                Map.entry("ROOT_KEY_MODE", "dynamodb"),
                Map.entry("ROOT_KEY_TABLE", "keysmith-root-key"),
                Map.entry("ROOT_KEY_PROTECTION", "kms"),
                Map.entry("ROOT_KEY_KMS_KEY_ARN", envelopeKeyArn),
                Map.entry("AWS_ENDPOINT_URL_KMS", kms.endpoint().toString()),
                Map.entry("KEYSMITH_ACCOUNT", "123456789012"),
                // The API and stage of the events in events/
                Map.entry("KEYSMITH_API_ID", "abc123"),
                Map.entry("KEYSMITH_STAGE", "prod"));
    }

    @AfterAll
    void stop() throws Exception {
        function.destroyForcibly();
        dynamo.close();
        kms.close();
    }

    private String nextDriverLine() throws IOException {
        String line;
        while ((line = responses.readLine()) != null) {
            if (line.equals("READY") || line.startsWith("RESPONSE ")) {
                return line;
            }
            stdout.append("[stderr] ").append(line).append('\n');
        }
        throw new AssertionError("the function's JVM ended: " + stdout);
    }

    /** Sends one event to the function; the response as the runtime would return it. */
    private JsonNode invoke(ObjectNode event) throws IOException {
        events.write(JSON.writeValueAsString(event) + "\n");
        events.flush();
        operationsSent.add(event.get("headers").get("X-Amz-Target").asText().substring("TrentService.".length()));
        String line = nextDriverLine();
        JsonNode response = JSON.readTree(line.substring("RESPONSE ".length()));
        JsonNode body = JSON.readTree(response.get("body").asText());
        for (String member : SECRET_MEMBERS) {
            if (body.hasNonNull(member)) {
                secrets.add(Base64.getDecoder().decode(body.get(member).asText()));
            }
        }
        if (body.hasNonNull("GrantToken")) {
            grantTokens.add(body.get("GrantToken").asText());
        }
        return response;
    }

    private static ObjectNode event(String operation, String body) throws IOException {
        ObjectNode event =
                (ObjectNode) JSON.readTree(EVENTS.resolve("CreateKey.json").toFile());
        ((ObjectNode) event.get("headers")).put("X-Amz-Target", "TrentService." + operation);
        event.put("body", body);
        return event;
    }

    private JsonNode call(String operation, String body) throws IOException {
        JsonNode response = invoke(event(operation, body));
        assertEquals(200, response.get("statusCode").asInt(), operation + ": " + response);
        return JSON.readTree(response.get("body").asText());
    }

    private String createKey() throws IOException {
        return call("CreateKey", "{}").get("KeyMetadata").get("KeyId").asText();
    }

    static Stream<Path> eventFiles() throws IOException {
        return Files.list(EVENTS).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    /** Smaller jars start faster; the README lists what was left out to get here. */
    @Test
    @Order(1)
    void theJarIsAtMost20MB() throws IOException {
        assertTrue(Files.size(JAR) <= 20_000_000, JAR + " is " + Files.size(JAR) + " bytes");
    }

    @Test
    @Order(1)
    void thereIsOneEventPerImplementedOperation() throws IOException {
        assertEquals(
                EXPECTED.keySet(),
                eventFiles()
                        .map(p -> p.getFileName().toString().replace(".json", ""))
                        .collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    @Order(2)
    void eventReplaysToTheExpectedResponse(Path file) throws Exception {
        // Given: an operation's event, its placeholders filled with a fresh key, another key, an alias and a blob
        String operation = file.getFileName().toString().replace(".json", "");
        ObjectNode event = (ObjectNode) JSON.readTree(file.toFile());
        assertEquals(
                "TrentService." + operation,
                event.get("headers").get("X-Amz-Target").asText());

        String keyId = createKey();
        String otherKeyId = createKey();
        String alias = "alias/event-" + UUID.randomUUID();
        call("CreateAlias", "{\"AliasName\":\"" + alias + "\",\"TargetKeyId\":\"" + keyId + "\"}");
        String blob = call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AQID\"}")
                .get("CiphertextBlob")
                .asText();
        // A grant the event's caller may retire (and, as the account's policy allows it, revoke).
        String grantId = call(
                        "CreateGrant",
                        "{\"KeyId\":\"" + keyId + "\",\"GranteePrincipal\":\"" + CALLER + "\",\"RetiringPrincipal\":\""
                                + CALLER + "\",\"Operations\":[\"Encrypt\"]}")
                .get("GrantId")
                .asText();
        if (operation.equals("CancelKeyDeletion")) {
            call("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyId + "\"}");
        }
        event.put(
                "body",
                event.get("body")
                        .asText()
                        .replace("{{keyId}}", keyId)
                        .replace("{{otherKeyId}}", otherKeyId)
                        .replace("{{aliasName}}", alias)
                        .replace("{{ciphertextBlob}}", blob)
                        .replace("{{grantId}}", grantId));

        // When
        JsonNode response = invoke(event);
        // Then: a 200 in JSON 1.1, with the members expected of the operation
        assertEquals(200, response.get("statusCode").asInt(), operation + ": " + response);
        assertEquals(
                "application/x-amz-json-1.1",
                response.get("headers").get("Content-Type").asText());
        JsonNode body = JSON.readTree(response.get("body").asText());
        for (String member : EXPECTED.get(operation)) {
            assertTrue(body.hasNonNull(member), operation + " lacks " + member + ": " + body);
        }
    }

    @Test
    @Order(3)
    void anErrorIsAnAwsShapedAnswer() throws IOException {
        JsonNode response = invoke(event("DescribeKey", "{\"KeyId\":\"" + UUID.randomUUID() + "\"}"));
        assertEquals(400, response.get("statusCode").asInt());
        assertEquals(
                "NotFoundException",
                JSON.readTree(response.get("body").asText()).get("__type").asText());
        JsonNode unknown = invoke(event("MakeCoffee", "{}"));
        assertEquals(
                "UnknownOperationException",
                JSON.readTree(unknown.get("body").asText()).get("__type").asText());
    }

    /** A request that fails after its key was found (a disabled key named by alias) names that key; see the log test. */
    @Test
    @Order(3)
    void aRequestRefusedForADisabledKey() throws IOException {
        String keyId = createKey();
        call("CreateAlias", "{\"AliasName\":\"alias/disabled-in-log\",\"TargetKeyId\":\"" + keyId + "\"}");
        call("DisableKey", "{\"KeyId\":\"" + keyId + "\"}");
        JsonNode response = invoke(event(
                "GenerateDataKeyPair", "{\"KeyId\":\"alias/disabled-in-log\",\"KeyPairSpec\":\"ECC_NIST_P256\"}"));
        assertEquals(
                "DisabledException",
                JSON.readTree(response.get("body").asText()).get("__type").asText());
        disabledKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/" + keyId;
    }

    /** Runs last: the function's JVM is stopped, and all it printed is read. */
    @Test
    @Order(4)
    void logHasOneJsonLineAndOneEmfDocumentPerRequestAndNoSecret() throws Exception {
        // Given: the function has served the earlier tests' requests
        // When: its JVM stops, and its log is read
        events.close();
        assertTrue(function.waitFor(30, TimeUnit.SECONDS), "the driver did not end");
        Thread.sleep(200); // the stdout reader thread finishes its last line
        String log = stdout.toString();
        // Then: every line is JSON; one request line and one EMF document per request, in order; no secret
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.lines().toList()) {
            assertTrue(line.startsWith("{"), "a log line that is not JSON: " + line + "\n" + log);
            lines.add(JSON.readTree(line));
        }
        List<JsonNode> requestLines =
                lines.stream().filter(l -> l.has("operation")).toList();
        List<JsonNode> emf = lines.stream().filter(l -> l.has("_aws")).toList();
        assertEquals(
                operationsSent,
                requestLines.stream().map(l -> l.get("operation").asText()).toList(),
                "one request log line per request, in order");
        // A target outside the model is counted as "Unknown", so that callers cannot mint metric dimensions.
        assertEquals(
                operationsSent.stream()
                        .map(o -> o.equals("MakeCoffee") ? "Unknown" : o)
                        .toList(),
                emf.stream().map(l -> l.get("Operation").asText()).toList(),
                "one EMF document per request, in order");
        for (JsonNode line : requestLines) {
            assertEquals(CALLER, line.get("caller").asText(), line.toString());
            assertTrue(line.hasNonNull("outcome") && line.hasNonNull("latencyMs"), line.toString());
            assertEquals("keysmith-api", line.get("function_name").asText(), line.toString());
            assertTrue(line.hasNonNull("function_request_id") && line.hasNonNull("timestamp"), line.toString());
            assertEquals("INFO", line.get("level").asText(), line.toString());
            if (line.get("operation").asText().startsWith("GenerateDataKeyPair")) {
                assertTrue(line.get("keyPairSpec").asText().matches("RSA_\\d+|ECC_.+|SM2"), line.toString());
                assertTrue(
                        line.get("keyArn").asText().startsWith("arn:aws:kms:eu-west-1:123456789012:key/"),
                        line.toString());
            }
        }
        assertEquals(
                disabledKeyArn,
                requestLines.stream()
                        .filter(l -> l.get("outcome").asText().equals("DisabledException"))
                        .findFirst()
                        .orElseThrow()
                        .get("keyArn")
                        .asText(),
                "a failed request's line names its key");
        for (JsonNode m : emf) {
            assertEquals(
                    "Keysmith",
                    m.get("_aws")
                            .get("CloudWatchMetrics")
                            .get(0)
                            .get("Namespace")
                            .asText());
            assertEquals(1, m.get("Requests").asInt());
        }
        assertFalse(grantTokens.isEmpty(), "the replay returned no grant token to look for");
        for (String token : grantTokens) {
            assertFalse(log.contains(token), "a grant token in the log");
        }
        assertFalse(secrets.isEmpty(), "the replay returned no secret to look for");
        for (byte[] secret : secrets) {
            assertFalse(log.contains(Base64.getEncoder().encodeToString(secret)), "a base64 secret in the log");
            assertFalse(log.contains(HexFormat.of().formatHex(secret)), "a hex secret in the log");
            // The tail of a PKCS#8 key is its private scalar: as secret as the whole encoding.
            byte[] tail = java.util.Arrays.copyOfRange(secret, Math.max(0, secret.length - 16), secret.length);
            assertFalse(log.contains(HexFormat.of().formatHex(tail)), "part of a secret in the log");
        }
    }
}
