package io.keysmith.core;

import java.time.Instant;

/** GetParametersForImport's answer: the wrapping public key (SPKI DER) and the import token that goes with it. */
public record ImportParameters(String keyArn, byte[] importToken, byte[] publicKey, Instant validTo) {}
