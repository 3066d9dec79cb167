package io.keysmith.core;

/** The service model's {@code KeyUsageType}. Names are the wire values. */
public enum KeyUsage {
    SIGN_VERIFY,
    ENCRYPT_DECRYPT,
    GENERATE_VERIFY_MAC,
    KEY_AGREEMENT
}
