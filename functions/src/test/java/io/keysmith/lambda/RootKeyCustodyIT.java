package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.Randomness;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.rootkey.RootKeyEnvelope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Lambda side of the DynamoDB root key: a serving handler never creates one and fails closed
 * with an alarm metric; the init custom resource creates it once; a SnapStart snapshot never holds it.
 */
class RootKeyCustodyIT {
    private static int rootKeyItems(LambdaFixture lambda) {
        return lambda.dynamo
                .scan(r -> r.tableName(LambdaFixture.SETTINGS.rootKeyTable()))
                .count();
    }

    @Test
    void aHandlerThatFindsNoRootKeyAnswersInternalErrorRaisesTheMetricAndCreatesNone() throws Exception {
        // Given: a handler with no root key in its table, its output captured
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        APIGatewayProxyResponseEvent response;
        try (LambdaFixture lambda = new LambdaFixture(new Randomness(), false)) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            // When: it handles a CreateKey
            try {
                response = lambda.handler.handle(LambdaFixture.event("CreateKey", "{}"));
            } finally {
                System.setOut(original);
            }
            // Then: it creates no root key, answers a bare KMSInternalException, and prints the alarm's metric
            assertEquals(0, rootKeyItems(lambda), "the serving function created a root key");
        }
        assertEquals(500, response.getStatusCode());
        JsonNode body = LambdaFixture.JSON.readTree(response.getBody());
        assertEquals("KMSInternalException", body.get("__type").asText());
        assertFalse(body.get("message").asText().toLowerCase().contains("root"), "the detail reached the caller");

        JsonNode metric = captured.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains(DynamoDbRootKey.MISSING))
                .map(l -> {
                    try {
                        return LambdaFixture.JSON.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError(l, e);
                    }
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RootKeyMissing metric: " + captured));
        assertEquals(1, metric.get(DynamoDbRootKey.MISSING).asInt());
        assertEquals(RootKeyAlarm.SERVICE, metric.get(RootKeyAlarm.DIMENSION).asText());
        JsonNode directive = metric.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals(
                KeysmithHandler.METRICS_NAMESPACE, directive.get("Namespace").asText());
        // The CDK alarm names exactly this dimension set; another dimension would make a metric it never sees.
        assertEquals(
                "[[\"" + RootKeyAlarm.DIMENSION + "\"]]",
                directive.get("Dimensions").toString());
    }

    @Test
    void buildingTheHandlerAndCheckpointingLeavesTheRootKeyUnloaded() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            DynamoDbRootKey rootKey = (DynamoDbRootKey) lambda.handler.rootKey();
            assertFalse(rootKey.loaded(), "the root key was read during init");
            lambda.handler.beforeCheckpoint(null);
            assertFalse(rootKey.loaded(), "the root key would be in the snapshot");
            lambda.handler.afterRestore(null);
            assertFalse(rootKey.loaded(), "the restore hook need not read it; first use does");
            lambda.createKey();
            assertTrue(rootKey.loaded());
        }
    }

    @Test
    void anOnDemandInitReadsTheRootKeyAndAnswersTheProxyEventsJson() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            // When: the function's own init runs as an on-demand one
            KeysmithHandler handler = new KeysmithHandler(
                    LambdaFixture.SETTINGS, LambdaFixture.OWN_API, lambda.dynamo, new Randomness(), "on-demand");

            // Then: the root key is read during init, and an event's JSON gets the proxy response's JSON
            assertTrue(((DynamoDbRootKey) handler.rootKey()).loaded(), "the first request would read it");
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream(
                            LambdaFixture.JSON.writeValueAsBytes(LambdaFixture.event("CreateKey", "{}"))),
                    response,
                    null);
            JsonNode proxyResponse = LambdaFixture.JSON.readTree(response.toByteArray());
            assertEquals(200, proxyResponse.get("statusCode").asInt(), proxyResponse.toString());
            JsonNode body =
                    LambdaFixture.JSON.readTree(proxyResponse.get("body").asText());
            assertEquals("Enabled", body.get("KeyMetadata").get("KeyState").asText());
        }
    }

    @Test
    void aSnapStartOrUnknownInitReadsNoRootKey() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            for (String initializationType : Arrays.asList("snap-start", null, "some-future-type")) {
                KeysmithHandler handler = new KeysmithHandler(
                        LambdaFixture.SETTINGS,
                        LambdaFixture.OWN_API,
                        lambda.dynamo,
                        new Randomness(),
                        initializationType);
                assertFalse(
                        ((DynamoDbRootKey) handler.rootKey()).loaded(),
                        initializationType + ": the root key could be in a snapshot");
            }
        }
    }

    @Test
    void aRootKeyLoadedBeforeTheCheckpointIsWipedFromTheSnapshot() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            String keyId = lambda.createKey();
            DynamoDbRootKey rootKey = (DynamoDbRootKey) lambda.handler.rootKey();
            assertTrue(rootKey.loaded());
            lambda.handler.beforeCheckpoint(null);
            assertFalse(rootKey.loaded(), "a root key loaded before the checkpoint would be in the snapshot");
            lambda.handler.afterRestore(null);
            lambda.call("GenerateDataKey", "{\"KeyId\":\"" + keyId + "\",\"KeySpec\":\"AES_256\"}");
        }
    }

    @Test
    void theInitCustomResourceCreatesOnceAndDeleteLeavesTheRootKey() {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness(), false)) {
            InitRootKeyHandler init = new InitRootKeyHandler(
                    new DynamoDbRootKey(lambda.dynamo, LambdaFixture.SETTINGS.rootKeyTable(), new Randomness()));
            Map<String, Object> created = init.handleRequest(Map.of("RequestType", "Create"), null);
            assertEquals(InitRootKeyHandler.PHYSICAL_ID, created.get("PhysicalResourceId"));
            assertEquals(Map.of("Created", "true"), created.get("Data"));
            var item = lambda.dynamo
                    .scan(r -> r.tableName(LambdaFixture.SETTINGS.rootKeyTable()))
                    .items();

            Map<String, Object> updated = init.handleRequest(
                    Map.of("RequestType", "Update", "PhysicalResourceId", InitRootKeyHandler.PHYSICAL_ID), null);
            assertEquals(Map.of("Created", "false"), updated.get("Data"));
            init.handleRequest(
                    Map.of("RequestType", "Delete", "PhysicalResourceId", InitRootKeyHandler.PHYSICAL_ID), null);
            assertEquals(
                    item,
                    lambda.dynamo
                            .scan(r -> r.tableName(LambdaFixture.SETTINGS.rootKeyTable()))
                            .items(),
                    "the root key changed after Update or Delete");
        }
    }

    @Test
    void theInitCustomResourceFailsTheDeployWhenTheRootKeyIsSealedOtherwise() {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            // Given: a root key sealed with no envelope, and an init handler whose envelope is KMS
            RootKeyEnvelope kms = new RootKeyEnvelope() {
                public String protection() {
                    return RootKeyEnvelope.KMS;
                }

                public String keyId() {
                    return "never-used";
                }

                public byte[] seal(byte[] rootKey, Map<String, String> context) {
                    throw new AssertionError("sealed");
                }

                public byte[] open(byte[] sealed, Map<String, String> context) {
                    throw new AssertionError("opened");
                }
            };
            InitRootKeyHandler init = new InitRootKeyHandler(new DynamoDbRootKey(
                    lambda.dynamo, LambdaFixture.SETTINGS.rootKeyTable(), new Randomness(), kms, name -> {}));
            var before = lambda.dynamo
                    .scan(r -> r.tableName(LambdaFixture.SETTINGS.rootKeyTable()))
                    .items();
            // When: it handles Create
            // Then: it fails, naming the root key's protection, and leaves the root key as it was
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalStateException.class, () -> init.handleRequest(Map.of("RequestType", "Create"), null));
            assertTrue(e.getMessage().contains("rootKeyProtection=none"), e.getMessage());
            assertEquals(
                    before,
                    lambda.dynamo
                            .scan(r -> r.tableName(LambdaFixture.SETTINGS.rootKeyTable()))
                            .items());
        }
    }
}
