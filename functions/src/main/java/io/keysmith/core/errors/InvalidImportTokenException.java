package io.keysmith.core.errors;

/** KMS error {@code InvalidImportTokenException}. */
public final class InvalidImportTokenException extends KmsException {
    public InvalidImportTokenException(String message) {
        super("InvalidImportTokenException", 400, message);
    }
}
