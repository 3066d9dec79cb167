package io.keysmith.core.errors;

/** KMS error {@code KMSInvalidMacException}: VerifyMac's answer to a MAC that does not match. */
public final class KmsInvalidMacException extends KmsException {
    public KmsInvalidMacException(String message) {
        super("KMSInvalidMacException", 400, message);
    }
}
