package io.keysmith.core.errors;

/** KMS error {@code UnknownOperationException}. */
public final class UnknownOperationException extends KmsException {
    public UnknownOperationException(String message) {
        super("UnknownOperationException", 400, message);
    }
}
