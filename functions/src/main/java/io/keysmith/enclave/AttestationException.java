package io.keysmith.enclave;

import io.keysmith.core.errors.ValidationException;

/** A rejected attestation document: a 400 whose message says what is wrong with it. */
final class AttestationException extends RuntimeException {
    AttestationException(String reason) {
        super(reason, null, false, false);
    }

    ValidationException toValidationException() {
        return new ValidationException("The attestation document in Recipient is not valid: " + getMessage() + ".");
    }
}
