package io.keysmith.core.errors;

/** KMS error {@code DryRunOperationException}. */
public final class DryRunOperationException extends KmsException {
    public DryRunOperationException(String message) {
        super("DryRunOperationException", 400, message);
    }
}
