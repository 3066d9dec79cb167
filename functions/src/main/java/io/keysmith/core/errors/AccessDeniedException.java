package io.keysmith.core.errors;

/** KMS error {@code AccessDeniedException}. */
public final class AccessDeniedException extends KmsException {
    public AccessDeniedException(String message) {
        super("AccessDeniedException", 400, message);
    }
}
