package io.keysmith.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.keysmith.api.HttpRouting;
import io.keysmith.core.Caller;
import java.util.Map;

/**
 * The caller of a proxy event: the IAM identity API Gateway verified (AWS_IAM authorisation on the method),
 * accepted only from this deployment's own API and stage. Anyone allowed {@code lambda:InvokeFunction} on the
 * function could otherwise hand it any event, identity included; the stack grants invoke to API Gateway alone,
 * and this check refuses events that name another API or stage, or carry no verified identity.
 *
 * @param apiId the REST API's id ({@code KEYSMITH_API_ID}, set by the stack from the API it creates)
 * @param stage the API's stage ({@code KEYSMITH_STAGE})
 */
record ApiGatewayCaller(String apiId, String stage) {
    static final String API_ID_VARIABLE = "KEYSMITH_API_ID";
    static final String STAGE_VARIABLE = "KEYSMITH_STAGE";

    /** Both variables are required: a function that cannot tell its own API's events does not start. */
    static ApiGatewayCaller fromEnvironment(Map<String, String> env) {
        return new ApiGatewayCaller(required(env, API_ID_VARIABLE), required(env, STAGE_VARIABLE));
    }

    /** An event refused before the api sees it: an AWS-shaped 403. */
    static final class Refused extends Exception {
        private final HttpRouting.Refusal refusal;

        Refused(String message) {
            super(message, null, false, false);
            this.refusal = new HttpRouting.Refusal(403, "AccessDeniedException", message);
        }

        HttpRouting.Refusal refusal() {
            return refusal;
        }
    }

    Caller callerOf(APIGatewayProxyRequestEvent event) throws Refused {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        if (context == null || !apiId.equals(context.getApiId()) || !stage.equals(context.getStage())) {
            throw new Refused("The request did not come through this deployment's API.");
        }
        APIGatewayProxyRequestEvent.RequestIdentity identity = context.getIdentity();
        String arn = identity == null ? null : identity.getUserArn();
        if (!Caller.isPrincipalArn(arn)) {
            throw new Refused("The request carries no IAM identity verified by API Gateway.");
        }
        Caller caller = Caller.of(arn, identity.getSourceIp() == null ? "-" : identity.getSourceIp(), true);
        // API Gateway gives the account beside the ARN; the two can only differ in a forged event.
        if (identity.getAccountId() != null && !identity.getAccountId().equals(caller.account())) {
            throw new Refused("The request's identity is inconsistent.");
        }
        return caller;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
