package io.keysmith.lambdadriver;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Stands in for the Lambda Java runtime in a fresh JVM whose classpath is the shaded Lambda jar and
 * this class alone: it builds the handler that {@code _HANDLER} names, as the runtime does, then
 * reads one API Gateway proxy event per line from stdin and answers each with one line on stderr,
 * {@code RESPONSE <json>}. Stdout is left to the function, as in Lambda, where it is the log.
 */
public final class LambdaDriver {
    private LambdaDriver() {}

    public static void main(String[] args) throws Exception {
        PrintStream responses = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        String handlerClass = System.getenv("_HANDLER").split("::")[0];
        RequestStreamHandler handler = (RequestStreamHandler)
                Class.forName(handlerClass).getConstructor().newInstance();
        responses.println("READY");
        BufferedReader events = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = events.readLine()) != null) {
            // As the runtime does for a stream handler: the event's bytes in, the response's bytes out.
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), response, new InvocationContext());
            responses.println("RESPONSE " + response.toString(StandardCharsets.UTF_8));
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
