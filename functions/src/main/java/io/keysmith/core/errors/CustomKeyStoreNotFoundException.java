package io.keysmith.core.errors;

/** KMS error {@code CustomKeyStoreNotFoundException}: Keysmith has no custom key stores, so every id is unknown. */
public final class CustomKeyStoreNotFoundException extends KmsException {
    public CustomKeyStoreNotFoundException(String message) {
        super("CustomKeyStoreNotFoundException", 400, message);
    }
}
