package io.keysmith.core;

import io.keysmith.core.errors.IncorrectKeyMaterialException;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.ValidationException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jcajce.interfaces.MLDSAPrivateKey;
import org.bouncycastle.util.BigIntegers;

/**
 * Imported key material: unwrapped with the import token's private key by the wrapping algorithm, as AWS documents
 * it, then checked against the key's spec and brought into the form Keysmith makes for that spec (32 bytes, HMAC
 * key bytes, or PKCS#8 DER as the spec's own provider encodes it, with its SPKI public key).
 */
final class ImportedMaterial {
    /** The curve OID a PKCS#8 EC key of each spec names. */
    private static final Map<KeySpec, String> CURVES = Map.of(
            KeySpec.ECC_NIST_P256, "1.2.840.10045.3.1.7",
            KeySpec.ECC_NIST_P384, "1.3.132.0.34",
            KeySpec.ECC_NIST_P521, "1.3.132.0.35",
            KeySpec.ECC_SECG_P256K1, "1.3.132.0.10",
            KeySpec.SM2, "1.2.156.10197.1.301");

    private ImportedMaterial() {}

    /**
     * Refuses wrapping a spec's material cannot take, before a wrapping key is made: RSA and ML-DSA private keys are
     * too large for RSA-OAEP alone, and so is a P-521 key for RSA_2048, as AWS documents.
     */
    static void checkWrapping(KeySpec keySpec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
        if (algorithm == WrappingAlgorithm.RSAES_PKCS1_V1_5) {
            throw new ValidationException("The RSAES_PKCS1_V1_5 wrapping algorithm is not supported. "
                    + "Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.");
        }
        if ((algorithm == WrappingAlgorithm.SM2PKE) != (wrappingKeySpec == WrappingKeySpec.SM2)) {
            throw new ValidationException("WrappingAlgorithm " + algorithm + " is not compatible with WrappingKeySpec "
                    + wrappingKeySpec + ".");
        }
        boolean directRsa =
                algorithm == WrappingAlgorithm.RSAES_OAEP_SHA_1 || algorithm == WrappingAlgorithm.RSAES_OAEP_SHA_256;
        boolean tooLarge = switch (keySpec) {
            case RSA_2048, RSA_3072, RSA_4096, ML_DSA_44, ML_DSA_65, ML_DSA_87 -> true;
            case ECC_NIST_P521 -> wrappingKeySpec == WrappingKeySpec.RSA_2048;
            default -> false;
        };
        if (directRsa && tooLarge) {
            throw new ValidationException("WrappingAlgorithm " + algorithm + " with WrappingKeySpec " + wrappingKeySpec
                    + " cannot wrap key material of KeySpec " + keySpec
                    + ". Use RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.");
        }
    }

    /** The plaintext material; InvalidCiphertextException when it does not open with the token's key. */
    static SecretBytes unwrap(ImportTokens.Opened token, byte[] encrypted) {
        try {
            return new SecretBytes(
                    switch (token.algorithm()) {
                        case RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256 -> oaep(token, encrypted);
                        case RSA_AES_KEY_WRAP_SHA_1, RSA_AES_KEY_WRAP_SHA_256 -> rsaAes(token, encrypted);
                        case SM2PKE -> sm2(token, encrypted);
                        case RSAES_PKCS1_V1_5 -> throw new GeneralSecurityException("never issued");
                    });
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidCiphertextException(
                    "The encrypted key material does not decrypt with the wrapping key of the import token.");
        }
    }

    private static byte[] oaep(ImportTokens.Opened token, byte[] encrypted) throws GeneralSecurityException {
        return oaep(token, encrypted, 0, encrypted.length);
    }

    private static byte[] oaep(ImportTokens.Opened token, byte[] encrypted, int offset, int length)
            throws GeneralSecurityException {
        boolean sha1 = token.algorithm() == WrappingAlgorithm.RSAES_OAEP_SHA_1
                || token.algorithm() == WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1;
        OAEPParameterSpec parameters = sha1
                ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
                : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, rsaKey(token), parameters);
        return cipher.doFinal(encrypted, offset, length);
    }

    /** RSA-OAEP of an ephemeral AES key (the modulus's length), then that key's AES-KWP (RFC 5649) of the material. */
    private static byte[] rsaAes(ImportTokens.Opened token, byte[] encrypted) throws GeneralSecurityException {
        int modulusBytes = (((RSAPrivateCrtKey) rsaKey(token)).getModulus().bitLength() + 7) / 8;
        if (encrypted.length <= modulusBytes) {
            throw new GeneralSecurityException("no wrapped material after the wrapped AES key");
        }
        byte[] aesKey = oaep(token, encrypted, 0, modulusBytes);
        try {
            Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
            kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            return kwp.doFinal(encrypted, modulusBytes, encrypted.length - modulusBytes);
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    /** SM2 encryption (GB/T 32918.4), its ciphertext DER-encoded as C1 (x, y), C3 (SM3 hash), C2 (GM/T 0009). */
    private static byte[] sm2(ImportTokens.Opened token, byte[] encrypted) throws GeneralSecurityException {
        ASN1Sequence der = ASN1Sequence.getInstance(encrypted);
        byte[] x = BigIntegers.asUnsignedByteArray(
                32, ASN1Integer.getInstance(der.getObjectAt(0)).getPositiveValue());
        byte[] y = BigIntegers.asUnsignedByteArray(
                32, ASN1Integer.getInstance(der.getObjectAt(1)).getPositiveValue());
        byte[] hash = ASN1OctetString.getInstance(der.getObjectAt(2)).getOctets();
        byte[] c2 = ASN1OctetString.getInstance(der.getObjectAt(3)).getOctets();
        byte[] raw = new byte[1 + 64 + hash.length + c2.length];
        raw[0] = 0x04;
        System.arraycopy(x, 0, raw, 1, 32);
        System.arraycopy(y, 0, raw, 33, 32);
        System.arraycopy(hash, 0, raw, 65, hash.length);
        System.arraycopy(c2, 0, raw, 65 + hash.length, c2.length);
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        try {
            engine.init(false, PrivateKeyFactory.createKey(token.privateKey().reveal()));
            return engine.processBlock(raw, 0, raw.length);
        } catch (java.io.IOException | org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new GeneralSecurityException("SM2 decryption failed", e);
        }
    }

    private static PrivateKey rsaKey(ImportTokens.Opened token) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(token.privateKey().reveal()));
    }

    /**
     * The material in the form Keysmith stores for {@code keySpec}; IncorrectKeyMaterialException when it does not
     * fit: not 32 bytes for a symmetric key, outside AWS's HMAC key sizes, or not a PKCS#8 private key of the spec.
     */
    static KeySpecs.NewMaterial checked(KeySpec keySpec, SecretBytes material) {
        if (keySpec == KeySpec.SYMMETRIC_DEFAULT) {
            if (material.length() != 32) {
                throw incorrect(keySpec);
            }
            return new KeySpecs.NewMaterial(new SecretBytes(material.reveal().clone()), null);
        }
        if (keySpec.isHmac()) {
            // AWS's sizes: from the digest size up to the hash function's block size.
            int min = keySpec.hmacBits() / 8;
            int max = keySpec.hmacBits() <= 256 ? 64 : 128;
            if (material.length() < min || material.length() > max) {
                throw incorrect(keySpec);
            }
            return new KeySpecs.NewMaterial(new SecretBytes(material.reveal().clone()), null);
        }
        try {
            return privateKey(keySpec, material.reveal());
        } catch (Exception e) {
            throw incorrect(keySpec);
        }
    }

    private static KeySpecs.NewMaterial privateKey(KeySpec keySpec, byte[] pkcs8) throws Exception {
        if (keySpec.name().startsWith("ML_DSA_")) {
            MLDSAPrivateKey mlDsa = (MLDSAPrivateKey) KeyFactory.getInstance("ML-DSA", DataKeyPairSpec.bouncyCastle())
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (!mlDsa.getParameterSpec()
                    .getName()
                    .equalsIgnoreCase(keySpec.name().replace('_', '-'))) {
                throw new IllegalArgumentException("parameter set");
            }
            return new KeySpecs.NewMaterial(
                    new SecretBytes(mlDsa.getEncoded()), mlDsa.getPublicKey().getEncoded());
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
        AsymmetricKeyParameter parameters = PrivateKeyFactory.createKey(info);
        AsymmetricKeyParameter publicKey;
        String algorithm;
        boolean bouncyCastle = false;
        switch (keySpec) {
            case RSA_2048, RSA_3072, RSA_4096 -> {
                var rsa = (org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters) parameters;
                int bits = Integer.parseInt(keySpec.name().substring("RSA_".length()));
                if (rsa.getModulus().bitLength() != bits) {
                    throw new IllegalArgumentException("modulus size");
                }
                publicKey = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
                algorithm = "RSA";
            }
            case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SM2 -> {
                ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(
                        info.getPrivateKeyAlgorithm().getParameters());
                if (!curve.getId().equals(CURVES.get(keySpec))) {
                    throw new IllegalArgumentException("curve");
                }
                ECPrivateKeyParameters ec = (ECPrivateKeyParameters) parameters;
                BigInteger d = ec.getD();
                if (d.signum() <= 0 || d.compareTo(ec.getParameters().getN()) >= 0) {
                    throw new IllegalArgumentException("private scalar");
                }
                publicKey = new ECPublicKeyParameters(
                        ec.getParameters().getG().multiply(d).normalize(), ec.getParameters());
                algorithm = "EC";
                bouncyCastle = keySpec == KeySpec.ECC_SECG_P256K1 || keySpec == KeySpec.SM2;
            }
            case ECC_NIST_EDWARDS25519 -> {
                publicKey = ((Ed25519PrivateKeyParameters) parameters).generatePublicKey();
                algorithm = "Ed25519";
            }
            default -> throw new IllegalArgumentException("not an asymmetric spec");
        }
        KeyFactory factory = bouncyCastle
                ? KeyFactory.getInstance(algorithm, DataKeyPairSpec.bouncyCastle())
                : KeyFactory.getInstance(algorithm);
        byte[] normalized =
                factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)).getEncoded();
        byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey)
                .getEncoded();
        return new KeySpecs.NewMaterial(new SecretBytes(normalized), spki);
    }

    private static IncorrectKeyMaterialException incorrect(KeySpec keySpec) {
        return new IncorrectKeyMaterialException("The key material is not valid for a KMS key with KeySpec " + keySpec
                + ". Import 32 bytes for SYMMETRIC_DEFAULT, HMAC key bytes of the spec's sizes, or a PKCS#8 (DER) "
                + "private key of the spec.");
    }
}
