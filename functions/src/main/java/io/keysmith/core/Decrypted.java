package io.keysmith.core;

/** Decrypt's result: the key that opened the blob, the plaintext, and the material version used. */
public record Decrypted(String keyArn, SecretBytes plaintext, String materialId) {
}
