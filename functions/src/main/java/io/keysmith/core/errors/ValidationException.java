package io.keysmith.core.errors;

/** KMS error {@code ValidationException}. */
public final class ValidationException extends KmsException {
    public ValidationException(String message) {
        super("ValidationException", 400, message);
    }
}
