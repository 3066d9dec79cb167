package io.keysmith.core;

/** The service model's {@code KeyAgreementAlgorithmSpec}. Names are the wire values. */
public enum KeyAgreementAlgorithm {
    ECDH
}
