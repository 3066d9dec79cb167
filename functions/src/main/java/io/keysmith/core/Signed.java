package io.keysmith.core;

/** A signature made by {@code keyArn}'s private key with {@code algorithm}. */
public record Signed(String keyArn, byte[] signature, SigningAlgorithm algorithm) {}
