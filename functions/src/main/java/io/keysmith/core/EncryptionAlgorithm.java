package io.keysmith.core;

/**
 * The service model's {@code EncryptionAlgorithmSpec}. Names are the wire values: SYMMETRIC_DEFAULT for symmetric
 * keys, RSAES-OAEP for RSA keys and SM2PKE for SM2 keys (see {@link AsymmetricCrypto}).
 */
public enum EncryptionAlgorithm {
    SYMMETRIC_DEFAULT,
    RSAES_OAEP_SHA_1,
    RSAES_OAEP_SHA_256,
    SM2PKE
}
