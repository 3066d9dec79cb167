package io.keysmith.core.errors;

/** KMS error {@code AccessDeniedException}: no policy or grant allows the caller this action. */
public final class AccessDeniedException extends KmsException {
    public AccessDeniedException(String message) {
        super("AccessDeniedException", 400, message);
    }
}
