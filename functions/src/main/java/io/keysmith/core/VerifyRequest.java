package io.keysmith.core;

/** Verify's request; a null {@code messageType} is RAW, as in AWS. */
public record VerifyRequest(
        String keyId,
        byte[] message,
        MessageType messageType,
        byte[] signature,
        SigningAlgorithm algorithm,
        boolean dryRun) {}
