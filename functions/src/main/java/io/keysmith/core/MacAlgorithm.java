package io.keysmith.core;

/** The service model's {@code MacAlgorithmSpec}. Names are the wire values. */
public enum MacAlgorithm {
    HMAC_SHA_224("HmacSHA224", KeySpec.HMAC_224),
    HMAC_SHA_256("HmacSHA256", KeySpec.HMAC_256),
    HMAC_SHA_384("HmacSHA384", KeySpec.HMAC_384),
    HMAC_SHA_512("HmacSHA512", KeySpec.HMAC_512);

    private final String jcaName;
    private final KeySpec keySpec;

    MacAlgorithm(String jcaName, KeySpec keySpec) {
        this.jcaName = jcaName;
        this.keySpec = keySpec;
    }

    String jcaName() {
        return jcaName;
    }

    /** The one HMAC key spec this algorithm works with, as in AWS. */
    KeySpec keySpec() {
        return keySpec;
    }
}
