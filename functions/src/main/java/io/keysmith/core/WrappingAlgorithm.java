package io.keysmith.core;

/** The service model's {@code AlgorithmSpec}: how key material is wrapped for ImportKeyMaterial. */
public enum WrappingAlgorithm {
    RSAES_PKCS1_V1_5,
    RSAES_OAEP_SHA_1,
    RSAES_OAEP_SHA_256,
    RSA_AES_KEY_WRAP_SHA_1,
    RSA_AES_KEY_WRAP_SHA_256,
    SM2PKE;

    /** RSA-OAEP of an ephemeral AES key, then AES key wrap with padding (RFC 5649) of the material. */
    boolean isRsaAes() {
        return this == RSA_AES_KEY_WRAP_SHA_1 || this == RSA_AES_KEY_WRAP_SHA_256;
    }
}
