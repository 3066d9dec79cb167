package io.keysmith.core;

/** A generated data key pair: the private key in plaintext (to hand out or drop) and sealed. */
public record DataKeyPair(
        String keyArn,
        DataKeyPairSpec spec,
        byte[] publicKey,
        SecretBytes privateKey,
        byte[] privateKeyCiphertext,
        String materialId) {
}
