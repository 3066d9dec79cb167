package io.keysmith.core.errors;

/** KMS error {@code SerializationException}. */
public final class SerializationException extends KmsException {
    public SerializationException(String message) {
        super("SerializationException", 400, message);
    }
}
