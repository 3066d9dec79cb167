package io.keysmith.core.errors;

/** KMS error {@code InvalidGrantTokenException}. */
public final class InvalidGrantTokenException extends KmsException {
    public InvalidGrantTokenException(String message) {
        super("InvalidGrantTokenException", 400, message);
    }
}
