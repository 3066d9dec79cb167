package io.keysmith.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load benchmark and the soak share: a KMS call to a running Keysmith over its JSON protocol, a string
 * field read from a reply without a JSON parser, and latency percentiles.
 */
final class BenchmarkCalls {
    private BenchmarkCalls() {}

    /** POSTs {@code body} as the KMS operation {@code operation}; the status is the caller's to judge. */
    static HttpResponse<String> send(HttpClient http, URI endpoint, String operation, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(endpoint)
                        .header("X-Amz-Target", "TrentService." + operation)
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The string field {@code name} of {@code json}, or null where there is none. */
    static String stringField(String json, String name) {
        if (json == null) {
            return null;
        }
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The nearest-rank percentile {@code p} of latencies in nanoseconds, sorted, in milliseconds; NaN of none. */
    static double percentileMillis(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }
}
