package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.keysmith.core.Randomness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Lambda handler applies the local runner's HTTP rules to the proxy event's method, path and content type. */
class HandlerRoutingIT {

    private static APIGatewayProxyRequestEvent event(String method, String path, String contentType) {
        APIGatewayProxyRequestEvent event =
                LambdaFixture.event("CreateKey", "{}").withHttpMethod(method).withPath(path);
        if (contentType != null) {
            event.withHeaders(Map.of("x-amz-target", "TrentService.CreateKey", "Content-Type", contentType));
        }
        return event;
    }

    @Test
    void onlyPostSlashWithTheJsonProtocolRuns() throws Exception {
        // Given: a handler
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            // When: a GET, a POST to another path, and a POST of another content type
            // Then: they are refused, 405, 404 and 400, and no key is created
            APIGatewayProxyResponseEvent get = lambda.handler.handle(event("GET", "/", "application/x-amz-json-1.1"));
            assertEquals(405, get.getStatusCode());
            assertEquals("POST", get.getHeaders().get("Allow"));
            assertTrue(get.getBody().startsWith("{\"__type\":\"UnknownOperationException\""), get.getBody());
            assertEquals(
                    404,
                    lambda.handler
                            .handle(event("POST", "/keys", "application/x-amz-json-1.1"))
                            .getStatusCode());
            APIGatewayProxyResponseEvent text = lambda.handler.handle(event("POST", "/", "text/plain"));
            assertEquals(400, text.getStatusCode());
            assertTrue(text.getBody().contains("UnknownOperationException"), text.getBody());
            assertEquals(0, lambda.call("ListKeys", "{}").get("Keys").size(), "a refused request created a key");

            // When: GET /health
            APIGatewayProxyResponseEvent health = lambda.handler.handle(
                    new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/health"));
            // Then: it answers ok
            assertEquals(200, health.getStatusCode());
            assertEquals("{\"status\":\"ok\"}", health.getBody());

            // When: POST / in JSON 1.1, from a custom domain's base path, or with no content type
            // Then: each runs
            assertEquals(
                    200,
                    lambda.handler
                            .handle(event("POST", "/", "application/x-amz-json-1.1"))
                            .getStatusCode());
            assertEquals(
                    200,
                    lambda.handler
                            .handle(event("POST", "/kms", "application/x-amz-json-1.1")
                                    .withResource("/"))
                            .getStatusCode(),
                    "a custom domain's base path is in the path, not in the resource");
            assertEquals(
                    200,
                    lambda.handler.handle(event("POST", "/", null)).getStatusCode(),
                    "API Gateway events without a content type still run");
        }
    }

    @Test
    void onlyVerifiedIdentitiesOfThisDeploymentsApiReachTheApi() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            APIGatewayProxyRequestEvent otherApi = LambdaFixture.event("CreateKey", "{}");
            otherApi.getRequestContext().setApiId("other1");
            APIGatewayProxyRequestEvent otherStage = LambdaFixture.event("CreateKey", "{}");
            otherStage.getRequestContext().setStage("test");
            APIGatewayProxyRequestEvent anonymous = LambdaFixture.event("CreateKey", "{}");
            anonymous
                    .getRequestContext()
                    .setIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("203.0.113.10"));
            for (APIGatewayProxyRequestEvent refused :
                    new APIGatewayProxyRequestEvent[] {otherApi, otherStage, anonymous}) {
                APIGatewayProxyResponseEvent response = lambda.handler.handle(refused);
                assertEquals(403, response.getStatusCode(), response.getBody());
                assertTrue(response.getBody().startsWith("{\"__type\":\"AccessDeniedException\""), response.getBody());
            }
            assertEquals(0, lambda.call("ListKeys", "{}").get("Keys").size(), "a refused event created a key");
        }
    }
}
