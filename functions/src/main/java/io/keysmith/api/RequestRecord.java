package io.keysmith.api;

/** What one request did, for the log line and the metrics: names and numbers, never secrets. */
public record RequestRecord(
        String operation, String keyArn, String caller, String keyPairSpec, String outcome, double latencyMs) {}
