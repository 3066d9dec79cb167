package io.keysmith.core.errors;

/** KMS error {@code DisabledException}. */
public final class DisabledException extends KmsException {
    public DisabledException(String message) {
        super("DisabledException", 400, message);
    }
}
