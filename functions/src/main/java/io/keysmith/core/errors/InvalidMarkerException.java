package io.keysmith.core.errors;

/** KMS error {@code InvalidMarkerException}. */
public final class InvalidMarkerException extends KmsException {
    public InvalidMarkerException(String message) {
        super("InvalidMarkerException", 400, message);
    }
}
