package io.keysmith.api;

/** What an operation adds to the request's log line: never a secret, only names. */
final class AuditFields {
    String keyArn;
    String keyPairSpec;
    /** Who sent the request: set before the operation runs, for operations the caller decides (RetireGrant). */
    io.keysmith.core.Caller caller;
}
