package io.keysmith.core;

import java.util.List;

/**
 * GetPublicKey's answer: the DER SubjectPublicKeyInfo of an asymmetric KMS key and what it may be used for. Only the
 * algorithm list of the key's usage has entries.
 */
public record PublicKeyInfo(
        String keyArn,
        byte[] publicKey,
        KeySpec keySpec,
        KeyUsage keyUsage,
        List<EncryptionAlgorithm> encryptionAlgorithms,
        List<SigningAlgorithm> signingAlgorithms,
        List<String> keyAgreementAlgorithms) {

    public PublicKeyInfo {
        encryptionAlgorithms = List.copyOf(encryptionAlgorithms);
        signingAlgorithms = List.copyOf(signingAlgorithms);
        keyAgreementAlgorithms = List.copyOf(keyAgreementAlgorithms);
    }
}
