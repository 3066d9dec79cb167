package io.keysmith.core.errors;

/** KMS error {@code KMSInvalidSignatureException}: Verify found the signature not valid. AWS gives no message. */
public final class KmsInvalidSignatureException extends KmsException {
    public KmsInvalidSignatureException() {
        super("KMSInvalidSignatureException", 400, "");
    }
}
