package io.keysmith.core;

/** The service model's {@code KeySpec}: what a KMS key is. Names are the wire values. */
public enum KeySpec {
    RSA_2048,
    RSA_3072,
    RSA_4096,
    ECC_NIST_P256,
    ECC_NIST_P384,
    ECC_NIST_P521,
    ECC_SECG_P256K1,
    SYMMETRIC_DEFAULT,
    HMAC_224,
    HMAC_256,
    HMAC_384,
    HMAC_512,
    SM2,
    ML_DSA_44,
    ML_DSA_65,
    ML_DSA_87,
    ECC_NIST_EDWARDS25519;

    boolean isHmac() {
        return hmacBits() > 0;
    }

    /** The key size of an HMAC spec in bits, 0 for any other spec. */
    int hmacBits() {
        return switch (this) {
            case HMAC_224 -> 224;
            case HMAC_256 -> 256;
            case HMAC_384 -> 384;
            case HMAC_512 -> 512;
            default -> 0;
        };
    }
}
