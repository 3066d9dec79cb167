package io.keysmith.core;

import io.keysmith.core.errors.ValidationException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
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
    public static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    public static final String ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT";
    static final String SIGN_VERIFY = "SIGN_VERIFY";
    static final String GENERATE_VERIFY_MAC = "GENERATE_VERIFY_MAC";
    static final String KEY_AGREEMENT = "KEY_AGREEMENT";

    private static final Map<String, Set<String>> USAGES = Map.ofEntries(
            Map.entry(SYMMETRIC_DEFAULT, Set.of(ENCRYPT_DECRYPT)),
            Map.entry("RSA_2048", Set.of(ENCRYPT_DECRYPT, SIGN_VERIFY)),
            Map.entry("RSA_3072", Set.of(ENCRYPT_DECRYPT, SIGN_VERIFY)),
            Map.entry("RSA_4096", Set.of(ENCRYPT_DECRYPT, SIGN_VERIFY)),
            Map.entry("ECC_NIST_P256", Set.of(SIGN_VERIFY, KEY_AGREEMENT)),
            Map.entry("ECC_NIST_P384", Set.of(SIGN_VERIFY, KEY_AGREEMENT)),
            Map.entry("ECC_NIST_P521", Set.of(SIGN_VERIFY, KEY_AGREEMENT)),
            Map.entry("ECC_SECG_P256K1", Set.of(SIGN_VERIFY)),
            Map.entry("SM2", Set.of(ENCRYPT_DECRYPT, SIGN_VERIFY, KEY_AGREEMENT)),
            Map.entry("ECC_NIST_EDWARDS25519", Set.of(SIGN_VERIFY)),
            Map.entry("ML_DSA_44", Set.of(SIGN_VERIFY)),
            Map.entry("ML_DSA_65", Set.of(SIGN_VERIFY)),
            Map.entry("ML_DSA_87", Set.of(SIGN_VERIFY)),
            Map.entry("HMAC_224", Set.of(GENERATE_VERIFY_MAC)),
            Map.entry("HMAC_256", Set.of(GENERATE_VERIFY_MAC)),
            Map.entry("HMAC_384", Set.of(GENERATE_VERIFY_MAC)),
            Map.entry("HMAC_512", Set.of(GENERATE_VERIFY_MAC)));

    private static final Map<String, MLDSAParameterSpec> ML_DSA = Map.of(
            "ML_DSA_44", MLDSAParameterSpec.ml_dsa_44,
            "ML_DSA_65", MLDSAParameterSpec.ml_dsa_65,
            "ML_DSA_87", MLDSAParameterSpec.ml_dsa_87);

    private KeySpecs() {
    }

    /** The key usage a CreateKey request ends with, or a ValidationException in AWS's words. */
    static String usageFor(String keySpec, String requestedUsage) {
        if (requestedUsage == null) {
            if (!keySpec.equals(SYMMETRIC_DEFAULT)) {
                throw new ValidationException(
                        "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
            }
            return ENCRYPT_DECRYPT;
        }
        if (!USAGES.getOrDefault(keySpec, Set.of()).contains(requestedUsage)) {
            throw new ValidationException("KeyUsage " + requestedUsage + " is not compatible with KeySpec " + keySpec);
        }
        return requestedUsage;
    }

    static boolean isHmac(String keySpec) {
        return keySpec.startsWith("HMAC_");
    }

    static boolean isAsymmetric(String keySpec) {
        return !keySpec.equals(SYMMETRIC_DEFAULT) && !isHmac(keySpec);
    }

    /** Fresh material for a key of this spec: secret bytes, and for asymmetric keys the SPKI public key. */
    static NewMaterial generate(String keySpec, SecureRandom random) {
        if (keySpec.equals(SYMMETRIC_DEFAULT)) {
            return new NewMaterial(new SecretBytes(bytes(random, 32)), null);
        }
        if (isHmac(keySpec)) {
            return new NewMaterial(new SecretBytes(bytes(random, Integer.parseInt(keySpec.substring(5)) / 8)), null);
        }
        MLDSAParameterSpec mlDsa = ML_DSA.get(keySpec);
        if (mlDsa == null) {
            DataKeyPairSpec.GeneratedKeyPair pair = DataKeyPairSpec.valueOf(keySpec).generate(random);
            return new NewMaterial(pair.privateKey(), pair.publicKey());
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("ML-DSA", DataKeyPairSpec.BOUNCY_CASTLE);
            generator.initialize(mlDsa, random);
            KeyPair pair = generator.generateKeyPair();
            return new NewMaterial(new SecretBytes(pair.getPrivate().getEncoded()), pair.getPublic().getEncoded());
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

    public static List<String> encryptionAlgorithms(String keySpec, String keyUsage) {
        if (!keyUsage.equals(ENCRYPT_DECRYPT)) {
            return List.of();
        }
        if (keySpec.equals(SYMMETRIC_DEFAULT)) {
            return List.of("SYMMETRIC_DEFAULT");
        }
        return keySpec.equals("SM2") ? List.of("SM2PKE") : List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
    }

    public static List<String> signingAlgorithms(String keySpec, String keyUsage) {
        if (!keyUsage.equals(SIGN_VERIFY)) {
            return List.of();
        }
        return switch (keySpec) {
            case "ECC_NIST_P256", "ECC_SECG_P256K1" -> List.of("ECDSA_SHA_256");
            case "ECC_NIST_P384" -> List.of("ECDSA_SHA_384");
            case "ECC_NIST_P521" -> List.of("ECDSA_SHA_512");
            case "SM2" -> List.of("SM2DSA");
            case "ECC_NIST_EDWARDS25519" -> List.of("ED25519_SHA_512", "ED25519_PH_SHA_512");
            case "ML_DSA_44", "ML_DSA_65", "ML_DSA_87" -> List.of("ML_DSA_SHAKE_256");
            default -> List.of("RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
                    "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512");
        };
    }

    public static List<String> macAlgorithms(String keySpec, String keyUsage) {
        return keyUsage.equals(GENERATE_VERIFY_MAC) ? List.of("HMAC_SHA_" + keySpec.substring(5)) : List.of();
    }

    public static List<String> keyAgreementAlgorithms(String keyUsage) {
        return keyUsage.equals(KEY_AGREEMENT) ? List.of("ECDH") : List.of();
    }
}
