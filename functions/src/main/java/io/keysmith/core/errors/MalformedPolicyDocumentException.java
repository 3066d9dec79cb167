package io.keysmith.core.errors;

/** KMS error {@code MalformedPolicyDocumentException}: a key policy that is not valid, or that would lock its caller out. */
public final class MalformedPolicyDocumentException extends KmsException {
    public MalformedPolicyDocumentException(String message) {
        super("MalformedPolicyDocumentException", 400, message);
    }
}
