package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Independent checks of a data key pair: the SPKI and PKCS#8 encodings parse back, the algorithm
 * and curve identifiers are the ones the spec names, and the two halves sign and verify together.
 */
public final class KeyPairChecks {
    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";

    private KeyPairChecks() {}

    public static void assertPairWorks(DataKeyPairSpec spec, byte[] spki, byte[] pkcs8)
            throws GeneralSecurityException {
        assertIdentifiers(spec, spki);
        KeyFactory factory = keyFactory(spec);
        PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertEquals("PKCS#8", privateKey.getFormat());
        if (publicKey instanceof RSAPublicKey rsa) {
            assertEquals(
                    Integer.parseInt(spec.name().substring(4)), rsa.getModulus().bitLength());
        }
        byte[] message = ("keysmith " + spec).getBytes(StandardCharsets.UTF_8);
        Signature signer = signature(spec);
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();

        Signature verifier = signature(spec);
        verifier.initVerify(publicKey);
        verifier.update(message);
        assertTrue(verifier.verify(signature), spec + ": the public key does not verify the private key's signature");
        verifier.initVerify(publicKey);
        verifier.update("another message".getBytes(StandardCharsets.UTF_8));
        assertFalse(verifier.verify(signature), spec + ": a signature verified over the wrong message");
    }

    /** The algorithm OID, and for EC the named curve OID, inside the SubjectPublicKeyInfo. */
    private static void assertIdentifiers(DataKeyPairSpec spec, byte[] spki) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
        String algorithm = info.getAlgorithm().getAlgorithm().getId();
        switch (spec) {
            case RSA_2048, RSA_3072, RSA_4096 -> assertEquals(RSA_OID, algorithm);
            case ECC_NIST_EDWARDS25519 -> assertEquals("1.3.101.112", algorithm);
            default -> {
                assertEquals(EC_OID, algorithm);
                String curve = ASN1ObjectIdentifier.getInstance(
                                info.getAlgorithm().getParameters())
                        .getId();
                assertEquals(curveOid(spec), curve, spec + " curve");
            }
        }
    }

    private static String curveOid(DataKeyPairSpec spec) {
        return switch (spec) {
            case ECC_NIST_P256 -> "1.2.840.10045.3.1.7";
            case ECC_NIST_P384 -> "1.3.132.0.34";
            case ECC_NIST_P521 -> "1.3.132.0.35";
            case ECC_SECG_P256K1 -> "1.3.132.0.10";
            case SM2 -> "1.2.156.10197.1.301";
            default -> throw new IllegalArgumentException(spec.name());
        };
    }

    private static KeyFactory keyFactory(DataKeyPairSpec spec) throws GeneralSecurityException {
        return switch (spec) {
            case RSA_2048, RSA_3072, RSA_4096 -> KeyFactory.getInstance("RSA");
            case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521 -> KeyFactory.getInstance("EC");
            case ECC_SECG_P256K1, SM2 -> KeyFactory.getInstance("EC", DataKeyPairSpec.bouncyCastle());
            case ECC_NIST_EDWARDS25519 -> KeyFactory.getInstance("Ed25519");
        };
    }

    private static Signature signature(DataKeyPairSpec spec) throws GeneralSecurityException {
        return switch (spec) {
            case RSA_2048, RSA_3072, RSA_4096 -> Signature.getInstance("SHA256withRSA");
            case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521 -> Signature.getInstance("SHA256withECDSA");
            case ECC_SECG_P256K1 -> Signature.getInstance("SHA256withECDSA", DataKeyPairSpec.bouncyCastle());
            case SM2 -> Signature.getInstance("SM3withSM2", DataKeyPairSpec.bouncyCastle());
            case ECC_NIST_EDWARDS25519 -> Signature.getInstance("Ed25519");
        };
    }
}
