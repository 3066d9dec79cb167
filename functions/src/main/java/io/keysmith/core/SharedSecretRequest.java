package io.keysmith.core;

/** DeriveSharedSecret's parameters: {@code publicKey} is the peer's DER SubjectPublicKeyInfo. */
public record SharedSecretRequest(String keyId, KeyAgreementAlgorithm algorithm, byte[] publicKey, boolean dryRun) {}
