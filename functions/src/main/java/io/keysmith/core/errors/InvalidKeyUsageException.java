package io.keysmith.core.errors;

/** KMS error {@code InvalidKeyUsageException}. */
public final class InvalidKeyUsageException extends KmsException {
    public InvalidKeyUsageException(String message) {
        super("InvalidKeyUsageException", 400, message);
    }
}
