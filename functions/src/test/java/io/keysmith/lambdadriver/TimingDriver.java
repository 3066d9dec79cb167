package io.keysmith.lambdadriver;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@link LambdaDriver} for the cold-start benchmark: builds the handler {@code _HANDLER} names, says {@code READY},
 * then answers each event line on stdin with one line on stderr, {@code RESPONSE <status> <nanos> <body>}, where
 * nanos is the handler's own time for that event (the runtime's JSON work is left out). An event line
 * {@code REPEAT <n> <event>} runs the event n times and answers with one {@code TIMES <nanos>...} line.
 */
public final class TimingDriver {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private TimingDriver() {}

    /** CPU time this process has used so far, every thread (the JIT's and GC's too): less noisy than wall time. */
    private static long cpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toNanos)
                .orElse(-1L);
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        String handlerClass = System.getenv("_HANDLER").split("::")[0];
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
                (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                        Class.forName(handlerClass).getConstructor().newInstance();
        out.println("READY " + cpuNanos());
        BufferedReader events = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("REPEAT ")) {
                String[] parts = line.split(" ", 3);
                APIGatewayProxyRequestEvent event = JSON.readValue(parts[2], APIGatewayProxyRequestEvent.class);
                int n = Integer.parseInt(parts[1]);
                StringBuilder times = new StringBuilder("TIMES");
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
                    long took = System.nanoTime() - start;
                    if (response.getStatusCode() != 200) {
                        throw new IllegalStateException(
                                "status " + response.getStatusCode() + ": " + response.getBody());
                    }
                    times.append(' ').append(took);
                }
                out.println(times);
                continue;
            }
            APIGatewayProxyRequestEvent event = JSON.readValue(line, APIGatewayProxyRequestEvent.class);
            long start = System.nanoTime();
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
            long took = System.nanoTime() - start;
            out.println("RESPONSE " + response.getStatusCode() + " " + took + " " + cpuNanos() + " "
                    + response.getBody().replace('\n', ' '));
        }
    }
}
