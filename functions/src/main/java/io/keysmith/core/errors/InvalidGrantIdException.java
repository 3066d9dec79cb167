package io.keysmith.core.errors;

/** KMS error {@code InvalidGrantIdException}. */
public final class InvalidGrantIdException extends KmsException {
    public InvalidGrantIdException(String message) {
        super("InvalidGrantIdException", 400, message);
    }
}
