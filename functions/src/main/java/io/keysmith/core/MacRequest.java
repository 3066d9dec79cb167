package io.keysmith.core;

/** GenerateMac's and VerifyMac's parameters; the caller closes the message. */
public record MacRequest(String keyId, SecretBytes message, MacAlgorithm algorithm, boolean dryRun) {}
