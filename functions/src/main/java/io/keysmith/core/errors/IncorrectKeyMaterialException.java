package io.keysmith.core.errors;

/** KMS error {@code IncorrectKeyMaterialException}. */
public final class IncorrectKeyMaterialException extends KmsException {
    public IncorrectKeyMaterialException(String message) {
        super("IncorrectKeyMaterialException", 400, message);
    }
}
