package io.keysmith.core;

import java.util.Map;

/** ReEncrypt's parameters: how to open the ciphertext (source) and how to seal it again (destination). */
public record ReEncryptRequest(
        byte[] ciphertext,
        Map<String, String> sourceContext,
        String sourceKeyId,
        EncryptionAlgorithm sourceAlgorithm,
        String destinationKeyId,
        Map<String, String> destinationContext,
        EncryptionAlgorithm destinationAlgorithm,
        boolean dryRun) {}
