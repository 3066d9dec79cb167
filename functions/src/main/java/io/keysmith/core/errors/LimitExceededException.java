package io.keysmith.core.errors;

/** KMS error {@code LimitExceededException}. */
public final class LimitExceededException extends KmsException {
    public LimitExceededException(String message) {
        super("LimitExceededException", 400, message);
    }
}
