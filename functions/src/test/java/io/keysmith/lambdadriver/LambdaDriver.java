package io.keysmith.lambdadriver;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for the Lambda Java runtime in a fresh JVM whose classpath is the shaded Lambda jar and
 * this class alone: it builds the handler that {@code _HANDLER} names, as the runtime does, then
 * reads one API Gateway proxy event per line from stdin and answers each with one line on stderr,
 * {@code RESPONSE <json>}. Stdout is left to the function, as in Lambda, where it is the log.
 */
public final class LambdaDriver {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LambdaDriver() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        PrintStream responses = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        String handlerClass = System.getenv("_HANDLER").split("::")[0];
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
                (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                        Class.forName(handlerClass).getConstructor().newInstance();
        responses.println("READY");
        BufferedReader events = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = events.readLine()) != null) {
            APIGatewayProxyRequestEvent event = JSON.readValue(line, APIGatewayProxyRequestEvent.class);
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, new InvocationContext());
            responses.println("RESPONSE "
                    + JSON.writeValueAsString(Map.of(
                            "statusCode", response.getStatusCode(),
                            "headers", response.getHeaders(),
                            "body", response.getBody())));
        }
    }

    /** What the runtime passes to each invocation. */
    private static final class InvocationContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        public String getAwsRequestId() {
            return requestId;
        }

        public String getLogGroupName() {
            return System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
        }

        public String getLogStreamName() {
            return System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
        }

        public String getFunctionName() {
            return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        }

        public String getFunctionVersion() {
            return System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
        }

        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:" + System.getenv("AWS_REGION") + ":123456789012:function:" + getFunctionName()
                    + ":live";
        }

        public CognitoIdentity getIdentity() {
            return null;
        }

        public ClientContext getClientContext() {
            return null;
        }

        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        public int getMemoryLimitInMB() {
            return Integer.parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        }

        public LambdaLogger getLogger() {
            return null;
        }
    }
}
