package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyEventsTest {
    private static final String EVENT = """
            {"resource": "/", "path": "/prod/", "httpMethod": "POST",
             "headers": {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.CreateKey",
                         "X-Odd": 7},
             "multiValueHeaders": {"X-Amz-Target": ["TrentService.CreateKey"]},
             "requestContext": {"accountId": "123456789012", "apiId": "abc123", "stage": "prod",
                                "identity": {"accountId": "123456789012", "userArn": "arn:aws:iam::123456789012:user/a",
                                             "sourceIp": "203.0.113.10", "caller": "AIDAEXAMPLE"}},
             "body": "e30=", "isBase64Encoded": true, "stageVariables": null}
            """;

    @Test
    void readsTheMembersTheHandlerUses() {
        // When: API Gateway's proxy event is read
        APIGatewayProxyRequestEvent event = ProxyEvents.read(EVENT.getBytes(StandardCharsets.UTF_8));

        // Then: every member the handler and the caller check use is there, as sent
        assertEquals("POST", event.getHttpMethod());
        assertEquals("/", event.getResource());
        assertEquals("/prod/", event.getPath());
        assertEquals(
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "TrentService.CreateKey"),
                event.getHeaders(),
                "a header that is not a string is left out");
        assertEquals("e30=", event.getBody());
        assertEquals(Boolean.TRUE, event.getIsBase64Encoded());
        assertEquals("abc123", event.getRequestContext().getApiId());
        assertEquals("prod", event.getRequestContext().getStage());
        assertEquals(
                "arn:aws:iam::123456789012:user/a",
                event.getRequestContext().getIdentity().getUserArn());
        assertEquals("123456789012", event.getRequestContext().getIdentity().getAccountId());
        assertEquals("203.0.113.10", event.getRequestContext().getIdentity().getSourceIp());
    }

    @Test
    void anEventWithoutAContextHasNone() {
        APIGatewayProxyRequestEvent event = ProxyEvents.read(
                "{\"httpMethod\":\"POST\",\"requestContext\":{\"identity\":5}}".getBytes(StandardCharsets.UTF_8));
        assertNull(event.getRequestContext().getIdentity());
        assertNull(ProxyEvents.read("{}".getBytes(StandardCharsets.UTF_8)).getRequestContext());
    }

    @Test
    void aBrokenEventIsRefusedWithoutQuotingIt() {
        String secret = "{\"body\": \"{\\\"Plaintext\\\": \\\"c2VjcmV0\\\"}\", oops";
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> ProxyEvents.read(secret.getBytes(StandardCharsets.UTF_8)));
        assertFalse(refused.getMessage().contains("c2VjcmV0"));
        assertNull(refused.getCause(), "Jackson's exception quotes the input");
        assertThrows(IllegalArgumentException.class, () -> ProxyEvents.read("[1]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesTheProxyResponse() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProxyEvents.write(
                new APIGatewayProxyResponseEvent()
                        .withStatusCode(400)
                        .withHeaders(Map.of("Content-Type", "application/x-amz-json-1.1"))
                        .withBody("{\"__type\":\"ValidationException\"}"),
                out);
        JsonNode response = new ObjectMapper().readTree(out.toByteArray());
        assertEquals(400, response.get("statusCode").asInt());
        assertEquals(
                "application/x-amz-json-1.1",
                response.get("headers").get("Content-Type").asText());
        assertEquals(
                "{\"__type\":\"ValidationException\"}", response.get("body").asText());
        assertFalse(response.get("isBase64Encoded").asBoolean());
    }
}
