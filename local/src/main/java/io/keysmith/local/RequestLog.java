package io.keysmith.local;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The runner's request log: one line per request, every field always present ({@code -} when there is
 * none), values that came from the client reduced to printable ASCII without spaces so that nobody can
 * forge a line or a field.
 */
final class RequestLog {
    private static final int MAX_FIELD = 256;

    private RequestLog() {}

    /** A request that was never authorized: refused before it reached an operation, or a health check. */
    static String line(
            Instant at, String caller, String operation, String keyArn, int status, String error, double latencyMs) {
        return line(at, caller, operation, keyArn, status, error, null, null, latencyMs);
    }

    /**
     * @param decision  the authorization's outcome (ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY), or null
     * @param decidedBy the policy and statement (Sid or index), or the grant, that decided it
     */
    static String line(
            Instant at,
            String caller,
            String operation,
            String keyArn,
            int status,
            String error,
            String decision,
            String decidedBy,
            double latencyMs) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS))
                + " caller=" + field(caller)
                + " operation=" + field(operation)
                + " key=" + field(keyArn)
                + " status=" + status
                + " error=" + field(error)
                + " decision=" + field(decision)
                + " decided_by=" + field(decidedBy)
                + " latency_ms=" + tenths(latencyMs);
    }

    /** {@code millis} to one decimal, as {@code %.1f} prints it, without the formatter's cost on every request. */
    static String tenths(double millis) {
        long tenths = Math.round(millis * 10);
        return tenths / 10 + "." + tenths % 10;
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_FIELD));
        for (int i = 0; i < value.length() && out.length() < MAX_FIELD; i++) {
            char c = value.charAt(i);
            out.append(c > ' ' && c < 0x7f ? c : '?');
        }
        if (value.length() > MAX_FIELD) {
            out.append("...");
        }
        return out.toString();
    }
}
