package io.keysmith.core.errors;

/** KMS error {@code InvalidCiphertextException}. */
public final class InvalidCiphertextException extends KmsException {
    public InvalidCiphertextException(String message) {
        super("InvalidCiphertextException", 400, message);
    }
}
