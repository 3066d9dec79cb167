package io.keysmith.core.errors;

/** KMS error {@code TagException}. */
public final class TagException extends KmsException {
    public TagException(String message) {
        super("TagException", 400, message);
    }
}
