package io.keysmith.core;

/**
 * Decrypt's result: the key that opened the blob, the plaintext, the material version used, and,
 * when the request named an enclave, the plaintext encrypted to it (else null).
 */
public record Decrypted(String keyArn, SecretBytes plaintext, String materialId, byte[] ciphertextForRecipient) {
    @Override
    public String toString() {
        return "Decrypted[" + keyArn + ", material " + materialId + ", plaintext redacted]";
    }
}
