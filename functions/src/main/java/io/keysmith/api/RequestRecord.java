package io.keysmith.api;

/**
 * What one request did, for the log line and the metrics: names and numbers, never secrets.
 *
 * @param decision  the authorization outcome ({@code ALLOWED}, {@code EXPLICIT_DENY}, {@code IMPLICIT_DENY}), or
 *                  null when the request failed before anything was authorized
 * @param decidedBy what decided it: {@code KEY_POLICY}, {@code SERVICE_POLICY} or {@code GRANT}, with the
 *                  statement's Sid (or index) or the grant id after a colon when one matched
 */
public record RequestRecord(
        String operation,
        String keyArn,
        String caller,
        String keyPairSpec,
        String outcome,
        double latencyMs,
        String decision,
        String decidedBy) {

    /** A request that nothing authorized. */
    public RequestRecord(
            String operation, String keyArn, String caller, String keyPairSpec, String outcome, double latencyMs) {
        this(operation, keyArn, caller, keyPairSpec, outcome, latencyMs, null, null);
    }
}
