package io.keysmith.core;

import java.util.Map;

/** GenerateDataKey's parameters: exactly one of {@code keySpec} and {@code numberOfBytes}. */
public record DataKeyRequest(
        String keyId,
        DataKeySpec keySpec,
        Integer numberOfBytes,
        Map<String, String> encryptionContext,
        boolean dryRun) {}
