package io.keysmith.api;

/** What an operation adds to the request's log line: never a secret, only names. */
final class AuditFields {
    String keyArn;
    String keyPairSpec;
}
