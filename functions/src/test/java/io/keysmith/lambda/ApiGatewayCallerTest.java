package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.keysmith.core.Caller;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller is the identity API Gateway verified, and only events of this deployment's API and stage count. */
class ApiGatewayCallerTest {
    private static final ApiGatewayCaller OWN = new ApiGatewayCaller("abc123", "prod");

    private static APIGatewayProxyRequestEvent event(String apiId, String stage, String userArn, String accountId) {
        return new APIGatewayProxyRequestEvent()
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withApiId(apiId)
                        .withStage(stage)
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                .withUserArn(userArn)
                                .withAccountId(accountId)
                                .withSourceIp("203.0.113.10")));
    }

    private static void assertRefused(APIGatewayProxyRequestEvent event, String message) {
        ApiGatewayCaller.Refused refused = assertThrows(ApiGatewayCaller.Refused.class, () -> OWN.callerOf(event));
        assertEquals(403, refused.refusal().status());
        assertEquals("AccessDeniedException", refused.refusal().code());
        assertEquals(message, refused.refusal().message());
    }

    @Test
    void theVerifiedIdentityIsTheCaller() throws Exception {
        Caller caller = OWN.callerOf(
                event("abc123", "prod", "arn:aws:sts::123456789012:assumed-role/App/i-0abc", "123456789012"));
        assertEquals(
                new Caller("arn:aws:sts::123456789012:assumed-role/App/i-0abc", "123456789012", "203.0.113.10", true),
                caller);
    }

    @Test
    void eventsOfAnotherApiOrStageAreRefused() {
        String notOurs = "The request did not come through this deployment's API.";
        assertRefused(event("other1", "prod", "arn:aws:iam::123456789012:user/a", "123456789012"), notOurs);
        assertRefused(event("abc123", "test", "arn:aws:iam::123456789012:user/a", "123456789012"), notOurs);
        assertRefused(event(null, null, "arn:aws:iam::123456789012:user/a", "123456789012"), notOurs);
        assertRefused(new APIGatewayProxyRequestEvent(), notOurs);
    }

    @Test
    void eventsWithoutAVerifiedIdentityAreRefused() {
        String none = "The request carries no IAM identity verified by API Gateway.";
        assertRefused(event("abc123", "prod", null, null), none);
        assertRefused(event("abc123", "prod", "someone", "123456789012"), none);
        assertRefused(
                new APIGatewayProxyRequestEvent()
                        .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                                .withApiId("abc123")
                                .withStage("prod")),
                none);
        assertRefused(
                event("abc123", "prod", "arn:aws:iam::123456789012:user/a", "999999999999"),
                "The request's identity is inconsistent.");
    }

    @Test
    void theFunctionNeedsItsApiAndStage() {
        assertEquals(
                OWN, ApiGatewayCaller.fromEnvironment(Map.of("KEYSMITH_API_ID", "abc123", "KEYSMITH_STAGE", "prod")));
        IllegalStateException missing = assertThrows(
                IllegalStateException.class, () -> ApiGatewayCaller.fromEnvironment(Map.of("KEYSMITH_STAGE", "prod")));
        assertTrue(missing.getMessage().contains("KEYSMITH_API_ID"), missing.getMessage());
    }
}
