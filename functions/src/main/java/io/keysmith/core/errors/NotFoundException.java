package io.keysmith.core.errors;

/** KMS error {@code NotFoundException}. */
public final class NotFoundException extends KmsException {
    public NotFoundException(String message) {
        super("NotFoundException", 400, message);
    }
}
