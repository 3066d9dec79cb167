package io.keysmith.core;

import java.util.Map;

/** GenerateDataKeyPair's parameters. */
public record DataKeyPairRequest(
        String keyId, DataKeyPairSpec spec, Map<String, String> encryptionContext, boolean dryRun) {}
