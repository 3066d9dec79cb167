package io.keysmith.local.alibaba;

import io.keysmith.core.errors.AccessDeniedException;
import io.keysmith.core.errors.DisabledException;
import io.keysmith.core.errors.IncorrectKeyException;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.core.errors.ValidationException;

/**
 * An Alibaba-shaped refusal: the HTTP status, Alibaba's error code and its documented message, sent as the
 * protobuf {@code Error} message. Messages never carry key material, plaintext or which part of a ciphertext failed.
 */
final class AlibabaError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    AlibabaError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static AlibabaError missing(String parameter) {
        return new AlibabaError(
                400, "MissingParameter", "The parameter \"" + parameter + "\" is needed but not provided.");
    }

    static AlibabaError invalid(String parameter) {
        return new AlibabaError(400, "InvalidParameter", "The specified parameter \"" + parameter + "\" is not valid.");
    }

    static AlibabaError invalidParam(String param) {
        return new AlibabaError(400, "InvalidParam", "The Param " + param + " is invalid.");
    }

    static AlibabaError throttled() {
        return new AlibabaError(429, "Rejected.Throttling", "QPS Limit Exceeded");
    }

    static AlibabaError internal() {
        return new AlibabaError(500, "InternalFailure", "Internal Failure.");
    }

    /** The core's refusal, in Alibaba's codes. */
    static AlibabaError of(KmsException e) {
        if (e instanceof NotFoundException) {
            return e.getMessage().startsWith("Alias ")
                    ? new AlibabaError(404, "Forbidden.AliasNotFound", "The specified Alias is not found.")
                    : new AlibabaError(404, "Forbidden.KeyNotFound", "The specified Key is not found.");
        }
        if (e instanceof AccessDeniedException) {
            return new AlibabaError(403, "Forbidden.NoPermission", "This operation is forbidden by permission system.");
        }
        if (e instanceof DisabledException) {
            return new AlibabaError(
                    409, "Rejected.Disabled", "The request was rejected because the key state is Disabled.");
        }
        if (e instanceof KmsInvalidStateException) {
            return e.getMessage().endsWith("pending import.")
                    ? new AlibabaError(
                            409,
                            "Rejected.PendingImport",
                            "The request was rejected because the key state is PendingImport.")
                    // Alibaba's documented code, spelling included.
                    : new AlibabaError(
                            409,
                            "Rejetced.PendingDeletion",
                            "The request was rejected because the key state is PendingDeletion.");
        }
        if (e instanceof InvalidCiphertextException || e instanceof IncorrectKeyException) {
            // One answer for every ciphertext that does not open (blob, Iv, Aad, key): none says which part failed.
            return new AlibabaError(400, "InvalidParameter", "The specified parameter is not valid.");
        }
        if (e instanceof InvalidKeyUsageException || e instanceof KmsUnsupportedOperationException) {
            return new AlibabaError(400, "Rejected.UnsupportedOperation", "Unsupported operation.");
        }
        if (e instanceof ValidationException) {
            return new AlibabaError(400, "InvalidParameter", "The specified parameter is not valid.");
        }
        return internal();
    }
}
