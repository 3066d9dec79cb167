package io.keysmith.core;

/**
 * A generated data key pair: the private key in plaintext (to hand out or drop), sealed, and, when
 * the request named an enclave, encrypted to it ({@code ciphertextForRecipient}, else null).
 */
public record DataKeyPair(
        String keyArn,
        DataKeyPairSpec spec,
        byte[] publicKey,
        SecretBytes privateKey,
        byte[] privateKeyCiphertext,
        String materialId,
        byte[] ciphertextForRecipient) {

    /** Names only: never the private key, in any form. */
    @Override
    public String toString() {
        return "DataKeyPair[" + keyArn + ", " + spec + ", material " + materialId + ", private key redacted]";
    }
}
