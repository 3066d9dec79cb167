package io.keysmith.core;

import java.util.Map;

/** Encrypt's parameters; a null {@code algorithm} means SYMMETRIC_DEFAULT. The caller closes the plaintext. */
public record EncryptRequest(
        String keyId,
        SecretBytes plaintext,
        Map<String, String> encryptionContext,
        EncryptionAlgorithm algorithm,
        boolean dryRun) {}
