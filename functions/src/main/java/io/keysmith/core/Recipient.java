package io.keysmith.core;

import java.util.Map;

/**
 * An attested enclave that a private key or plaintext is encrypted to, instead of being returned:
 * AWS KMS's {@code Recipient}. The attestation is checked before an operation uses it.
 */
public interface Recipient {
    /** The plaintext, encrypted so that only the enclave can read it ({@code CiphertextForRecipient}). */
    byte[] envelope(SecretBytes plaintext);

    /**
     * The attested platform configuration registers by index, as lower-case hex; PCR0 is the image's SHA-384
     * ({@code kms:RecipientAttestation:ImageSha384}).
     */
    Map<Integer, String> pcrs();
}
