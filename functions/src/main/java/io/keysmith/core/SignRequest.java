package io.keysmith.core;

/** Sign's request; a null {@code messageType} is RAW, as in AWS. */
public record SignRequest(
        String keyId, byte[] message, MessageType messageType, SigningAlgorithm algorithm, boolean dryRun) {}
