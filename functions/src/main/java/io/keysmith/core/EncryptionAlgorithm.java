package io.keysmith.core;

/**
 * The service model's {@code EncryptionAlgorithmSpec}. Names are the wire values; Keysmith encrypts
 * only with SYMMETRIC_DEFAULT (see {@link CryptoService}).
 */
public enum EncryptionAlgorithm {
    SYMMETRIC_DEFAULT,
    RSAES_OAEP_SHA_1,
    RSAES_OAEP_SHA_256,
    SM2PKE
}
