package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DataKeyPairSpecTest {
    @ParameterizedTest
    @EnumSource(DataKeyPairSpec.class)
    void everySpecMakesAWorkingPairInStandardEncodings(DataKeyPairSpec spec) throws Exception {
        DataKeyPairSpec.GeneratedKeyPair pair = spec.generate(new SecureRandom());
        KeyPairChecks.assertPairWorks(spec, pair.publicKey(), pair.privateKey().reveal());
    }

    @ParameterizedTest
    @EnumSource(
            value = DataKeyPairSpec.class,
            names = {"ECC_NIST_P256", "ECC_SECG_P256K1", "SM2", "ECC_NIST_EDWARDS25519"})
    void closingThePrivateKeyZeroesIt(DataKeyPairSpec spec) {
        SecretBytes privateKey = spec.generate(new SecureRandom()).privateKey();
        byte[] bytes = privateKey.reveal();
        assertFalse(allZero(bytes));
        privateKey.close();
        assert allZero(bytes) : "private key bytes survive close()";
    }

    private static boolean allZero(byte[] bytes) {
        byte[] zeros = new byte[bytes.length];
        return Arrays.equals(zeros, bytes);
    }
}
