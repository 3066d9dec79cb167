package io.keysmith.core;

import io.keysmith.core.errors.ValidationException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jcajce.spec.MLDSAParameterSpec;

/**
 * What each CreateKey {@code KeySpec} allows (its key usages) and offers (its algorithms), and
 * how its material is made: 32 random bytes for symmetric keys, the HMAC key size for HMAC keys,
 * and a PKCS#8 private key for asymmetric keys.
 */
public final class KeySpecs {
    private static final Set<KeyUsage> ENCRYPT_OR_SIGN = EnumSet.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY);
    private static final Set<KeyUsage> SIGN_OR_AGREE = EnumSet.of(KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT);
    private static final Set<KeyUsage> SIGN = EnumSet.of(KeyUsage.SIGN_VERIFY);
    private static final Set<KeyUsage> MAC = EnumSet.of(KeyUsage.GENERATE_VERIFY_MAC);

    private static final Map<KeySpec, Set<KeyUsage>> USAGES = Map.ofEntries(
            Map.entry(KeySpec.SYMMETRIC_DEFAULT, EnumSet.of(KeyUsage.ENCRYPT_DECRYPT)),
            Map.entry(KeySpec.RSA_2048, ENCRYPT_OR_SIGN),
            Map.entry(KeySpec.RSA_3072, ENCRYPT_OR_SIGN),
            Map.entry(KeySpec.RSA_4096, ENCRYPT_OR_SIGN),
            Map.entry(KeySpec.ECC_NIST_P256, SIGN_OR_AGREE),
            Map.entry(KeySpec.ECC_NIST_P384, SIGN_OR_AGREE),
            Map.entry(KeySpec.ECC_NIST_P521, SIGN_OR_AGREE),
            Map.entry(KeySpec.ECC_SECG_P256K1, SIGN),
            Map.entry(KeySpec.SM2, EnumSet.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT)),
            Map.entry(KeySpec.ECC_NIST_EDWARDS25519, SIGN),
            Map.entry(KeySpec.ML_DSA_44, SIGN),
            Map.entry(KeySpec.ML_DSA_65, SIGN),
            Map.entry(KeySpec.ML_DSA_87, SIGN),
            Map.entry(KeySpec.HMAC_224, MAC),
            Map.entry(KeySpec.HMAC_256, MAC),
            Map.entry(KeySpec.HMAC_384, MAC),
            Map.entry(KeySpec.HMAC_512, MAC));

    private static final Map<KeySpec, MLDSAParameterSpec> ML_DSA = Map.of(
            KeySpec.ML_DSA_44, MLDSAParameterSpec.ml_dsa_44,
            KeySpec.ML_DSA_65, MLDSAParameterSpec.ml_dsa_65,
            KeySpec.ML_DSA_87, MLDSAParameterSpec.ml_dsa_87);

    private KeySpecs() {}

    /** The key usage a CreateKey request ends with, or a ValidationException in AWS's words. */
    static KeyUsage usageFor(KeySpec keySpec, KeyUsage requestedUsage) {
        if (requestedUsage == null) {
            if (keySpec != KeySpec.SYMMETRIC_DEFAULT) {
                throw new ValidationException(
                        "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
            }
            return KeyUsage.ENCRYPT_DECRYPT;
        }
        if (!USAGES.getOrDefault(keySpec, Set.of()).contains(requestedUsage)) {
            throw new ValidationException("KeyUsage " + requestedUsage + " is not compatible with KeySpec " + keySpec);
        }
        return requestedUsage;
    }

    /** Fresh material for a key of this spec: secret bytes, and for asymmetric keys the SPKI public key. */
    static NewMaterial generate(KeySpec keySpec, SecureRandom random) {
        if (keySpec == KeySpec.SYMMETRIC_DEFAULT) {
            return new NewMaterial(new SecretBytes(bytes(random, 32)), null);
        }
        if (keySpec.isHmac()) {
            return new NewMaterial(new SecretBytes(bytes(random, keySpec.hmacBits() / 8)), null);
        }
        MLDSAParameterSpec mlDsa = ML_DSA.get(keySpec);
        if (mlDsa == null) {
            // Every other asymmetric KeySpec is a DataKeyPairSpec of the same name, as in the service model.
            DataKeyPairSpec.GeneratedKeyPair pair =
                    DataKeyPairSpec.valueOf(keySpec.name()).generate(random);
            return new NewMaterial(pair.privateKey(), pair.publicKey());
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("ML-DSA", DataKeyPairSpec.bouncyCastle());
            generator.initialize(mlDsa, random);
            KeyPair pair = generator.generateKeyPair();
            return new NewMaterial(
                    new SecretBytes(pair.getPrivate().getEncoded()),
                    pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + keySpec, e);
        }
    }

    private static byte[] bytes(SecureRandom random, int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    /** Material that is not yet wrapped. */
    record NewMaterial(SecretBytes secret, byte[] publicKey) {
        @Override
        public String toString() {
            return "NewMaterial[redacted]";
        }
    }

    public static List<EncryptionAlgorithm> encryptionAlgorithms(KeySpec keySpec, KeyUsage keyUsage) {
        if (keyUsage != KeyUsage.ENCRYPT_DECRYPT) {
            return List.of();
        }
        return switch (keySpec) {
            case SYMMETRIC_DEFAULT -> List.of(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
            case SM2 -> List.of(EncryptionAlgorithm.SM2PKE);
            default -> List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256);
        };
    }

    public static List<SigningAlgorithm> signingAlgorithms(KeySpec keySpec, KeyUsage keyUsage) {
        if (keyUsage != KeyUsage.SIGN_VERIFY) {
            return List.of();
        }
        return switch (keySpec) {
            case ECC_NIST_P256, ECC_SECG_P256K1 -> List.of(SigningAlgorithm.ECDSA_SHA_256);
            case ECC_NIST_P384 -> List.of(SigningAlgorithm.ECDSA_SHA_384);
            case ECC_NIST_P521 -> List.of(SigningAlgorithm.ECDSA_SHA_512);
            case SM2 -> List.of(SigningAlgorithm.SM2DSA);
            case ECC_NIST_EDWARDS25519 ->
                List.of(SigningAlgorithm.ED25519_SHA_512, SigningAlgorithm.ED25519_PH_SHA_512);
            case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> List.of(SigningAlgorithm.ML_DSA_SHAKE_256);
            default ->
                List.of(
                        SigningAlgorithm.RSASSA_PSS_SHA_256,
                        SigningAlgorithm.RSASSA_PSS_SHA_384,
                        SigningAlgorithm.RSASSA_PSS_SHA_512,
                        SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256,
                        SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384,
                        SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_512);
        };
    }

    public static List<String> macAlgorithms(KeySpec keySpec, KeyUsage keyUsage) {
        return keyUsage == KeyUsage.GENERATE_VERIFY_MAC ? List.of("HMAC_SHA_" + keySpec.hmacBits()) : List.of();
    }

    public static List<String> keyAgreementAlgorithms(KeyUsage keyUsage) {
        return keyUsage == KeyUsage.KEY_AGREEMENT ? List.of("ECDH") : List.of();
    }
}
