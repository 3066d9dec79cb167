package io.keysmith.core;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The nine {@code DataKeyPairSpec} values and how each pair is made. JDK providers serve where they
 * have the curve; BouncyCastle serves secp256k1 and SM2, which the JDK no longer ships.
 */
public enum DataKeyPairSpec {
    RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), false),
    RSA_3072("RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), false),
    RSA_4096("RSA", new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4), false),
    ECC_NIST_P256("EC", new ECGenParameterSpec("secp256r1"), false),
    ECC_NIST_P384("EC", new ECGenParameterSpec("secp384r1"), false),
    ECC_NIST_P521("EC", new ECGenParameterSpec("secp521r1"), false),
    ECC_SECG_P256K1("EC", new ECGenParameterSpec("secp256k1"), true),
    SM2("EC", new ECGenParameterSpec("sm2p256v1"), true),
    ECC_NIST_EDWARDS25519("Ed25519", null, false);

    /**
     * BouncyCastle, not registered globally: Keysmith asks for it by instance where it needs it. Made on first use,
     * as its registration loads several hundred classes that a P-256 or RSA request never needs (cold start).
     */
    public static Provider bouncyCastle() {
        return BouncyCastle.PROVIDER;
    }

    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private final String algorithm;
    // False positive: the declared type is an interface, but every value here is an RSAKeyGenParameterSpec or an
    // ECGenParameterSpec, both immutable (final fields, no setters).
    @SuppressWarnings("ImmutableEnumChecker")
    private final AlgorithmParameterSpec parameters;

    private final boolean needsBouncyCastle;

    DataKeyPairSpec(String algorithm, AlgorithmParameterSpec parameters, boolean needsBouncyCastle) {
        this.algorithm = algorithm;
        this.parameters = parameters;
        this.needsBouncyCastle = needsBouncyCastle;
    }

    /** A fresh pair: X.509 SubjectPublicKeyInfo DER and PKCS#8 DER. */
    public GeneratedKeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = needsBouncyCastle
                    ? KeyPairGenerator.getInstance(algorithm, bouncyCastle())
                    : KeyPairGenerator.getInstance(algorithm);
            if (parameters != null) {
                generator.initialize(parameters, random);
            } else {
                generator.initialize(255, random);
            }
            KeyPair pair = generator.generateKeyPair();
            return new GeneratedKeyPair(
                    pair.getPublic().getEncoded(),
                    new SecretBytes(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + name(), e);
        }
    }

    /** The SPKI public key and the PKCS#8 private key of one generated pair. */
    public record GeneratedKeyPair(byte[] publicKey, SecretBytes privateKey) {
        @Override
        public String toString() {
            return "GeneratedKeyPair[private key redacted]";
        }
    }
}
