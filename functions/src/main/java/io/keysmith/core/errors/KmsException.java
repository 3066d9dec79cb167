package io.keysmith.core.errors;

/**
 * Root of every error Keysmith answers with: the KMS error code, the HTTP status AWS uses for it,
 * and a message in AWS's words. Messages never carry key material or plaintext.
 */
public abstract class KmsException extends RuntimeException {
    private final String code;
    private final int httpStatus;

    protected KmsException(String code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
