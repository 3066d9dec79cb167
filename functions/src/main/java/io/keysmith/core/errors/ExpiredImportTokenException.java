package io.keysmith.core.errors;

/** KMS error {@code ExpiredImportTokenException}. */
public final class ExpiredImportTokenException extends KmsException {
    public ExpiredImportTokenException(String message) {
        super("ExpiredImportTokenException", 400, message);
    }
}
