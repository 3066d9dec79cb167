package io.keysmith.core.errors;

/** KMS error {@code KMSInvalidStateException}. */
public final class KmsInvalidStateException extends KmsException {
    public KmsInvalidStateException(String message) {
        super("KMSInvalidStateException", 400, message);
    }
}
