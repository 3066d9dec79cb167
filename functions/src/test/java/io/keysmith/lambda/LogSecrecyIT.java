package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.Randomness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The Lambda's JSON log carries the request's fields and its EMF metrics, and never the private key it generated. */
class LogSecrecyIT {
    @Test
    void logHasTheRequestFieldsAndNoPrivateKeyBytes() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        byte[] privateKey;
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            String keyId = lambda.createKey();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            APIGatewayProxyResponseEvent response = lambda.handler.handleRequest(LambdaFixture.event("GenerateDataKeyPair",
                    "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"ECC_NIST_P256\"}"), new TestContext());
            JsonNode body = LambdaFixture.JSON.readTree(response.getBody());
            privateKey = Base64.getDecoder().decode(body.get("PrivateKeyPlaintext").asText());
        } finally {
            System.setOut(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        JsonNode line = log.lines().filter(l -> l.contains("\"operation\""))
                .map(l -> { try { return LambdaFixture.JSON.readTree(l); } catch (Exception e) { throw new AssertionError(l, e); } })
                .findFirst().orElseThrow(() -> new AssertionError("no request line in the log: " + log));
        assertEquals("GenerateDataKeyPair", line.get("operation").asText());
        assertEquals("ECC_NIST_P256", line.get("keyPairSpec").asText());
        assertEquals("Success", line.get("outcome").asText());
        assertEquals("arn:aws:iam::123456789012:user/test", line.get("caller").asText());
        assertTrue(line.get("keyArn").asText().startsWith("arn:aws:kms:eu-west-1:123456789012:key/"));
        assertTrue(line.has("latencyMs"));

        JsonNode metrics = log.lines().filter(l -> l.contains("\"_aws\""))
                .map(l -> { try { return LambdaFixture.JSON.readTree(l); } catch (Exception e) { throw new AssertionError(l, e); } })
                .filter(m -> m.has("KeyPairSpec")).findFirst()
                .orElseThrow(() -> new AssertionError("no EMF metrics with a KeyPairSpec dimension: " + log));
        assertEquals("GenerateDataKeyPair", metrics.get("Operation").asText());
        assertEquals("ECC_NIST_P256", metrics.get("KeyPairSpec").asText());
        assertEquals(1, metrics.get("Requests").asInt());
        assertTrue(metrics.get("Latency").asDouble() > 0);
        assertEquals("Keysmith", metrics.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText());

        assertFalse(log.contains(Base64.getEncoder().encodeToString(privateKey)), "base64 private key in the log");
        assertFalse(log.contains(HexFormat.of().formatHex(privateKey)), "hex private key in the log");
        assertFalse(log.contains(new String(privateKey, StandardCharsets.ISO_8859_1)), "raw private key in the log");
        // The key's 32-byte scalar alone, in any of those forms, is as secret as the whole PKCS#8 encoding.
        byte[] scalarPrefix = java.util.Arrays.copyOfRange(privateKey, privateKey.length - 32, privateKey.length - 16);
        assertFalse(log.contains(HexFormat.of().formatHex(scalarPrefix)), "part of the private key in the log");
    }

    /** A request that fails after its key was found (here: a disabled key named by alias) is logged with that key's ARN. */
    @Test
    void aFailedRequestIsLoggedWithItsKeyArn() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String keyArn;
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            String keyId = lambda.createKey();
            keyArn = "arn:aws:kms:eu-west-1:123456789012:key/" + keyId;
            lambda.handler.handle(LambdaFixture.event("CreateAlias",
                    "{\"AliasName\":\"alias/logged\",\"TargetKeyId\":\"" + keyId + "\"}"));
            lambda.handler.handle(LambdaFixture.event("DisableKey", "{\"KeyId\":\"" + keyId + "\"}"));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            APIGatewayProxyResponseEvent response = lambda.handler.handleRequest(LambdaFixture.event("GenerateDataKeyPair",
                    "{\"KeyId\":\"alias/logged\",\"KeyPairSpec\":\"ECC_NIST_P256\"}"), new TestContext());
            assertEquals(400, response.getStatusCode());
        } finally {
            System.setOut(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        JsonNode line = log.lines().filter(l -> l.contains("\"operation\""))
                .map(l -> { try { return LambdaFixture.JSON.readTree(l); } catch (Exception e) { throw new AssertionError(l, e); } })
                .findFirst().orElseThrow(() -> new AssertionError("no request line in the log: " + log));
        assertEquals("DisabledException", line.get("outcome").asText());
        assertEquals(keyArn, line.get("keyArn").asText());
    }

    /** The parts of the Lambda context Powertools reads. */
    private static final class TestContext implements Context {
        public String getAwsRequestId() { return "test-request"; }
        public String getLogGroupName() { return "/aws/lambda/keysmith"; }
        public String getLogStreamName() { return "test"; }
        public String getFunctionName() { return "keysmith"; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:keysmith:live"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 10_000; }
        public int getMemoryLimitInMB() { return 2048; }
        public LambdaLogger getLogger() { return null; }
    }
}
