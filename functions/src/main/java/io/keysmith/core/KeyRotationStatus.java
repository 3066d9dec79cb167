package io.keysmith.core;

/** GetKeyRotationStatus's answer. */
public record KeyRotationStatus(String keyArn, Rotation rotation) {}
