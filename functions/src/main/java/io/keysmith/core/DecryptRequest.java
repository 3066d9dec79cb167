package io.keysmith.core;

import java.util.Map;

/** Decrypt's parameters; {@code keyId}, when given, must name the key in the blob's header. */
public record DecryptRequest(
        byte[] ciphertext,
        Map<String, String> encryptionContext,
        String keyId,
        EncryptionAlgorithm algorithm,
        boolean dryRun) {}
