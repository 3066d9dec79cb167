package io.keysmith.core;

/**
 * DeriveSharedSecret's result: the key, its origin and the secret; with a recipient, the secret encrypted to the
 * enclave as well (else null), and then the api layer leaves the plaintext secret out.
 */
public record SharedSecret(String keyArn, Origin keyOrigin, SecretBytes secret, byte[] ciphertextForRecipient) {
    @Override
    public String toString() {
        return "SharedSecret[" + keyArn + ", secret redacted]";
    }
}
