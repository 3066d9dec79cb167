package io.keysmith.lambdadriver;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@link LambdaDriver} for the cold-start benchmark: builds the handler {@code _HANDLER} names, says {@code READY},
 * then answers each event line on stdin with one line on stderr, {@code RESPONSE <nanos> <cpu nanos> <response JSON>}, where
 * nanos is the handler's own time for that event, reading the event's JSON included (a stream handler reads it). An event line
 * {@code REPEAT <n> <event>} runs the event n times and answers with one {@code TIMES <nanos>...} line.
 */
public final class TimingDriver {
    private TimingDriver() {}

    /** CPU time this process has used so far, every thread (the JIT's and GC's too): less noisy than wall time. */
    private static long cpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toNanos)
                .orElse(-1L);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        String handlerClass = System.getenv("_HANDLER").split("::")[0];
        RequestStreamHandler handler = (RequestStreamHandler)
                Class.forName(handlerClass).getConstructor().newInstance();
        out.println("READY " + cpuNanos());
        BufferedReader events = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("REPEAT ")) {
                String[] parts = line.split(" ", 3);
                byte[] event = parts[2].getBytes(StandardCharsets.UTF_8);
                int n = Integer.parseInt(parts[1]);
                StringBuilder times = new StringBuilder("TIMES");
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    String response = invoke(handler, event);
                    long took = System.nanoTime() - start;
                    // KeysmithHandler writes the status first; nothing is parsed here, as the runtime parses nothing.
                    if (!response.startsWith("{\"statusCode\":200,")) {
                        throw new IllegalStateException("not a 200: " + response);
                    }
                    times.append(' ').append(took);
                }
                out.println(times);
                continue;
            }
            long start = System.nanoTime();
            String response = invoke(handler, line.getBytes(StandardCharsets.UTF_8));
            long took = System.nanoTime() - start;
            out.println("RESPONSE " + took + " " + cpuNanos() + " " + response.replace('\n', ' '));
        }
    }

    /** As the runtime invokes a stream handler: the event's bytes in, the response's bytes out. */
    private static String invoke(RequestStreamHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), response, null);
        return response.toString(StandardCharsets.UTF_8);
    }
}
