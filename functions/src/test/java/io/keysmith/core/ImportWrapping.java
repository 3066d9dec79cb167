package io.keysmith.core;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.engines.AESWrapPadEngine;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Wraps key material for ImportKeyMaterial as a user's tooling does, from the wrapping public key alone, with the
 * JDK and BouncyCastle (never Keysmith's code): RSA-OAEP; RSA-OAEP of a fresh AES-256 key then AES key wrap with
 * padding (RFC 5649, BouncyCastle's engine); SM2 encryption with its ciphertext in DER (C1 x, y, C3, C2).
 */
public final class ImportWrapping {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ImportWrapping() {}

    public static byte[] wrap(String algorithm, byte[] publicKeySpki, byte[] material) throws Exception {
        return switch (algorithm) {
            case "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256" -> oaep(algorithm.endsWith("_1"), publicKeySpki, material);
            case "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256" -> {
                byte[] aesKey = new byte[32];
                RANDOM.nextBytes(aesKey);
                byte[] wrappedKey = oaep(algorithm.endsWith("_1"), publicKeySpki, aesKey);
                AESWrapPadEngine kwp = new AESWrapPadEngine();
                kwp.init(true, new KeyParameter(aesKey));
                byte[] wrappedMaterial = kwp.wrap(material, 0, material.length);
                byte[] out = Arrays.copyOf(wrappedKey, wrappedKey.length + wrappedMaterial.length);
                System.arraycopy(wrappedMaterial, 0, out, wrappedKey.length, wrappedMaterial.length);
                yield out;
            }
            case "SM2PKE" -> sm2(publicKeySpki, material);
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    private static byte[] oaep(boolean sha1, byte[] spki, byte[] plaintext) throws Exception {
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(
                Cipher.ENCRYPT_MODE,
                key,
                sha1
                        ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
                        : new OAEPParameterSpec(
                                "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        return cipher.doFinal(plaintext);
    }

    private static byte[] sm2(byte[] spki, byte[] plaintext) throws Exception {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(PublicKeyFactory.createKey(spki), RANDOM));
        byte[] raw = engine.processBlock(plaintext, 0, plaintext.length);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33))));
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 33, 65))));
        v.add(new DEROctetString(Arrays.copyOfRange(raw, 65, 97)));
        v.add(new DEROctetString(Arrays.copyOfRange(raw, 97, raw.length)));
        return new DERSequence(v).getEncoded();
    }
}
