package io.keysmith.core.errors;

/** KMS error {@code UnsupportedOperationException}. */
public final class KmsUnsupportedOperationException extends KmsException {
    public KmsUnsupportedOperationException(String message) {
        super("UnsupportedOperationException", 400, message);
    }
}
