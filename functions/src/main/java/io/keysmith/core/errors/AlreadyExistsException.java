package io.keysmith.core.errors;

/** KMS error {@code AlreadyExistsException}. */
public final class AlreadyExistsException extends KmsException {
    public AlreadyExistsException(String message) {
        super("AlreadyExistsException", 400, message);
    }
}
