package io.keysmith.core.errors;

/** KMS error {@code KMSInternalException}. */
public final class KmsInternalException extends KmsException {
    public KmsInternalException(String message) {
        super("KMSInternalException", 500, message);
    }
}
