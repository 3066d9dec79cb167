package io.keysmith.core.errors;

/** KMS error {@code NotAuthorizedException}. */
public final class NotAuthorizedException extends KmsException {
    public NotAuthorizedException(String message) {
        super("NotAuthorizedException", 400, message);
    }
}
