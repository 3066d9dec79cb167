package io.keysmith.core;

import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.ValidationException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * Encryption under an asymmetric KMS key, as AWS does it: RSAES-OAEP with SHA-1 or SHA-256 (MGF1 with the same hash)
 * for RSA keys, and SM2PKE for SM2 keys, whose ciphertext is GM/T 0009's DER {@code SM2Cipher} (C1, C3, C2). The
 * ciphertext is the algorithm's bare output, with no Keysmith header, so anyone with the public key can make one
 * that Keysmith decrypts; Decrypt therefore needs the KeyId and the algorithm.
 */
final class AsymmetricCrypto {
    /** AWS's limit for SM2PKE plaintexts. */
    static final int SM2_MAX_PLAINTEXT = 1024;

    private static final int SM2_COORDINATE_BYTES = 32;
    private static final int SM3_BYTES = 32;

    private AsymmetricCrypto() {}

    /** An RSA or SM2 key whose usage is ENCRYPT_DECRYPT: it encrypts with its public key. */
    static boolean encryptsAsymmetrically(KeyRecord key) {
        return key.keyUsage() == KeyUsage.ENCRYPT_DECRYPT && !key.isSymmetric();
    }

    /** The requested algorithm, which the key's spec must offer; none means SYMMETRIC_DEFAULT, which it never does. */
    static EncryptionAlgorithm requireAlgorithm(KeyRecord key, EncryptionAlgorithm requested) {
        EncryptionAlgorithm algorithm = requested == null ? EncryptionAlgorithm.SYMMETRIC_DEFAULT : requested;
        if (!KeySpecs.encryptionAlgorithms(key.keySpec(), key.keyUsage()).contains(algorithm)) {
            throw new InvalidKeyUsageException(
                    "Algorithm " + algorithm + " is incompatible with key spec " + key.keySpec() + ".");
        }
        return algorithm;
    }

    /** Asymmetric ciphertext has no room for an encryption context, so AWS refuses one. */
    static void requireNoContext(Map<String, String> encryptionContext) {
        if (encryptionContext != null && !encryptionContext.isEmpty()) {
            throw new ValidationException(
                    "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.");
        }
    }

    /** The largest plaintext: RFC 8017's k - 2 hLen - 2 for RSAES-OAEP, AWS's 1024 bytes for SM2PKE. */
    static int maxPlaintext(KeySpec keySpec, EncryptionAlgorithm algorithm) {
        if (algorithm == EncryptionAlgorithm.SM2PKE) {
            return SM2_MAX_PLAINTEXT;
        }
        int modulusBytes = switch (keySpec) {
            case RSA_2048 -> 256;
            case RSA_3072 -> 384;
            case RSA_4096 -> 512;
            default -> throw new IllegalArgumentException("not an RSA key spec: " + keySpec);
        };
        int hashBytes = algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1 ? 20 : 32;
        return modulusBytes - 2 * hashBytes - 2;
    }

    /** ValidationException in AWS's words when the plaintext is too long for the key and algorithm. */
    static void requireFits(KeySpec keySpec, EncryptionAlgorithm algorithm, int plaintextLength) {
        int max = maxPlaintext(keySpec, algorithm);
        if (plaintextLength > max) {
            throw new ValidationException("Algorithm " + algorithm + " and key spec " + keySpec
                    + " cannot encrypt data larger than " + max + " bytes.");
        }
    }

    /** Encrypts with the public half of the key whose PKCS#8 private key {@code material} holds. */
    static byte[] encrypt(
            KeySpec keySpec,
            EncryptionAlgorithm algorithm,
            KeyMaterial material,
            byte[] plaintext,
            SecureRandom random) {
        requireFits(keySpec, algorithm, plaintext.length);
        try {
            if (algorithm == EncryptionAlgorithm.SM2PKE) {
                ECPrivateKeyParameters privateKey = sm2PrivateKey(material);
                ECPublicKeyParameters publicKey = new ECPublicKeyParameters(
                        new FixedPointCombMultiplier()
                                .multiply(privateKey.getParameters().getG(), privateKey.getD())
                                .normalize(),
                        privateKey.getParameters());
                SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
                engine.init(true, new ParametersWithRandom(publicKey, random));
                return sm2Der(engine.processBlock(plaintext, 0, plaintext.length));
            }
            RSAPrivateCrtKey privateKey = rsaPrivateKey(material);
            PublicKey publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, publicKey, oaep(algorithm), random);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException | InvalidCipherTextException | IOException e) {
            throw new IllegalStateException("cannot encrypt with a " + keySpec + " key", e);
        }
    }

    /** Decrypts; any ciphertext that does not open is InvalidCiphertextException with AWS's empty message. */
    static SecretBytes decrypt(
            KeySpec keySpec, EncryptionAlgorithm algorithm, KeyMaterial material, byte[] ciphertext) {
        try {
            if (algorithm == EncryptionAlgorithm.SM2PKE) {
                SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
                engine.init(false, sm2PrivateKey(material));
                byte[] raw = sm2Raw(ciphertext);
                return new SecretBytes(engine.processBlock(raw, 0, raw.length));
            }
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, rsaPrivateKey(material), oaep(algorithm));
            return new SecretBytes(cipher.doFinal(ciphertext));
        } catch (GeneralSecurityException | InvalidCipherTextException | IllegalArgumentException e) {
            // Padding, integrity and format failures alike: the caller learns nothing about which.
            throw new InvalidCiphertextException("");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the private key of a " + keySpec + " key", e);
        }
    }

    private static OAEPParameterSpec oaep(EncryptionAlgorithm algorithm) {
        return algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1
                ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
                : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    private static RSAPrivateCrtKey rsaPrivateKey(KeyMaterial material) throws GeneralSecurityException {
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(material.secret().reveal()));
    }

    private static ECPrivateKeyParameters sm2PrivateKey(KeyMaterial material) throws IOException {
        return (ECPrivateKeyParameters)
                PrivateKeyFactory.createKey(material.secret().reveal());
    }

    /** BouncyCastle's C1 || C3 || C2 (C1 an uncompressed point) as GM/T 0009's SM2Cipher. */
    private static byte[] sm2Der(byte[] raw) throws IOException {
        int c1 = 1 + 2 * SM2_COORDINATE_BYTES;
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + SM2_COORDINATE_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 1 + SM2_COORDINATE_BYTES, c1));
        byte[] hash = Arrays.copyOfRange(raw, c1, c1 + SM3_BYTES);
        byte[] cipherText = Arrays.copyOfRange(raw, c1 + SM3_BYTES, raw.length);
        return new DERSequence(new ASN1Encodable[] {
                    new ASN1Integer(x), new ASN1Integer(y), new DEROctetString(hash), new DEROctetString(cipherText)
                })
                .getEncoded(ASN1Encoding.DER);
    }

    /** GM/T 0009's SM2Cipher back to C1 || C3 || C2; anything else is refused. */
    private static byte[] sm2Raw(byte[] der) throws IOException {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        if (sequence.size() != 4 || !Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), der)) {
            throw new IllegalArgumentException("not a DER SM2Cipher");
        }
        BigInteger x = ASN1Integer.getInstance(sequence.getObjectAt(0)).getPositiveValue();
        BigInteger y = ASN1Integer.getInstance(sequence.getObjectAt(1)).getPositiveValue();
        byte[] hash = ASN1OctetString.getInstance(sequence.getObjectAt(2)).getOctets();
        byte[] cipherText = ASN1OctetString.getInstance(sequence.getObjectAt(3)).getOctets();
        if (hash.length != SM3_BYTES || cipherText.length == 0) {
            throw new IllegalArgumentException("not an SM2Cipher");
        }
        byte[] raw = new byte[1 + 2 * SM2_COORDINATE_BYTES + SM3_BYTES + cipherText.length];
        raw[0] = 0x04;
        BigIntegers.asUnsignedByteArray(x, raw, 1, SM2_COORDINATE_BYTES);
        BigIntegers.asUnsignedByteArray(y, raw, 1 + SM2_COORDINATE_BYTES, SM2_COORDINATE_BYTES);
        System.arraycopy(hash, 0, raw, 1 + 2 * SM2_COORDINATE_BYTES, SM3_BYTES);
        System.arraycopy(cipherText, 0, raw, 1 + 2 * SM2_COORDINATE_BYTES + SM3_BYTES, cipherText.length);
        return raw;
    }
}
