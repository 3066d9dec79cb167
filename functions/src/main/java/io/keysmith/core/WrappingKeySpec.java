package io.keysmith.core;

/** The service model's {@code WrappingKeySpec}: the key pair GetParametersForImport makes for one import. */
public enum WrappingKeySpec {
    RSA_2048(DataKeyPairSpec.RSA_2048),
    RSA_3072(DataKeyPairSpec.RSA_3072),
    RSA_4096(DataKeyPairSpec.RSA_4096),
    SM2(DataKeyPairSpec.SM2);

    private final DataKeyPairSpec pair;

    WrappingKeySpec(DataKeyPairSpec pair) {
        this.pair = pair;
    }

    DataKeyPairSpec pair() {
        return pair;
    }
}
