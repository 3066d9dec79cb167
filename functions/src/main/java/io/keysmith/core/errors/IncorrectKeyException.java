package io.keysmith.core.errors;

/** KMS error {@code IncorrectKeyException}. */
public final class IncorrectKeyException extends KmsException {
    public IncorrectKeyException(String message) {
        super("IncorrectKeyException", 400, message);
    }
}
