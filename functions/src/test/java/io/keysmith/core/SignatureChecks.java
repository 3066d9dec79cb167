package io.keysmith.core;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * Checks a KMS signature of a message the way a user's tooling would, from the public key (SPKI) alone and with the
 * JDK's or BouncyCastle's JCA signatures, never with the code under test. {@code message} is always the raw message:
 * for DIGEST and EXTERNAL_MU the caller signed a value derived from it, and the check shows that it was the right one.
 */
public final class SignatureChecks {
    private SignatureChecks() {}

    public static boolean verifies(SigningAlgorithm algorithm, byte[] spki, byte[] message, byte[] signature)
            throws GeneralSecurityException {
        Signature verifier = verifier(algorithm);
        verifier.initVerify(publicKey(algorithm, spki));
        verifier.update(message);
        return verifier.verify(signature);
    }

    /**
     * Checks a signature of {@code sent}, the Message given to Sign, made from {@code raw}. Ed25519ph hashes its
     * message with SHA-512 itself, and AWS documents that KMS does so for a DIGEST too: the Ed25519ph message is then
     * the caller's digest, hashed a second time. Every other algorithm's signature verifies over the raw message.
     */
    public static boolean verifiesSent(
            SigningAlgorithm algorithm, byte[] spki, byte[] raw, byte[] sent, byte[] signature)
            throws GeneralSecurityException {
        return verifies(algorithm, spki, algorithm == SigningAlgorithm.ED25519_PH_SHA_512 ? sent : raw, signature);
    }

    /** What Sign's DIGEST (or ML-DSA's EXTERNAL_MU) message for {@code message} is, computed from public data. */
    public static byte[] digestFor(SigningAlgorithm algorithm, byte[] spki, byte[] message)
            throws GeneralSecurityException {
        return switch (algorithm) {
            case SM2DSA -> sm3(concat(sm2Z(spki), message));
            case ML_DSA_SHAKE_256 -> externalMu(spki, message);
            case ED25519_PH_SHA_512 -> MessageDigest.getInstance("SHA-512").digest(message);
            default -> MessageDigest.getInstance(hashName(algorithm)).digest(message);
        };
    }

    private static Signature verifier(SigningAlgorithm algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512 -> {
                String hash = hashName(algorithm);
                Signature pss = Signature.getInstance("RSASSA-PSS");
                int saltLength = MessageDigest.getInstance(hash).getDigestLength();
                pss.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
                yield pss;
            }
            case RSASSA_PKCS1_V1_5_SHA_256 -> Signature.getInstance("SHA256withRSA");
            case RSASSA_PKCS1_V1_5_SHA_384 -> Signature.getInstance("SHA384withRSA");
            case RSASSA_PKCS1_V1_5_SHA_512 -> Signature.getInstance("SHA512withRSA");
            // BouncyCastle's JCA for every curve: the JDK no longer has secp256k1.
            case ECDSA_SHA_256 -> Signature.getInstance("SHA256withECDSA", DataKeyPairSpec.bouncyCastle());
            case ECDSA_SHA_384 -> Signature.getInstance("SHA384withECDSA", DataKeyPairSpec.bouncyCastle());
            case ECDSA_SHA_512 -> Signature.getInstance("SHA512withECDSA", DataKeyPairSpec.bouncyCastle());
            // BouncyCastle's default SM2 distinguishing ID is 1234567812345678, AWS's.
            case SM2DSA -> Signature.getInstance("SM3withSM2", DataKeyPairSpec.bouncyCastle());
            case ED25519_SHA_512 -> Signature.getInstance("Ed25519");
            case ED25519_PH_SHA_512 -> {
                Signature ph = Signature.getInstance("Ed25519");
                ph.setParameter(new EdDSAParameterSpec(true));
                yield ph;
            }
            case ML_DSA_SHAKE_256 -> Signature.getInstance("ML-DSA", DataKeyPairSpec.bouncyCastle());
        };
    }

    private static PublicKey publicKey(SigningAlgorithm algorithm, byte[] spki) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(spki);
        return switch (algorithm) {
            case ECDSA_SHA_256, ECDSA_SHA_384, ECDSA_SHA_512, SM2DSA ->
                KeyFactory.getInstance("EC", DataKeyPairSpec.bouncyCastle()).generatePublic(spec);
            case ML_DSA_SHAKE_256 ->
                KeyFactory.getInstance("ML-DSA", DataKeyPairSpec.bouncyCastle()).generatePublic(spec);
            case ED25519_SHA_512, ED25519_PH_SHA_512 ->
                KeyFactory.getInstance("Ed25519").generatePublic(spec);
            default -> KeyFactory.getInstance("RSA").generatePublic(spec);
        };
    }

    private static String hashName(SigningAlgorithm algorithm) {
        String name = algorithm.name();
        return "SHA-" + name.substring(name.length() - 3);
    }

    /** FIPS 204, algorithm 7, line 6: mu = SHAKE256(SHAKE256(pk, 64) || 0 || 0 || M, 64), for an empty context. */
    private static byte[] externalMu(byte[] spki, byte[] message) {
        byte[] pk = SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getOctets();
        byte[] tr = shake256(pk);
        return shake256(concat(tr, new byte[] {0, 0}, message));
    }

    private static byte[] shake256(byte[] input) {
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(input, 0, input.length);
        byte[] out = new byte[64];
        shake.doFinal(out, 0, out.length);
        return out;
    }

    /** GB/T 32918.2's Z_A for the default ID, from the curve's published constants and the public key's point. */
    private static byte[] sm2Z(byte[] spki) throws GeneralSecurityException {
        org.bouncycastle.jce.interfaces.ECPublicKey key = (org.bouncycastle.jce.interfaces.ECPublicKey)
                KeyFactory.getInstance("EC", DataKeyPairSpec.bouncyCastle())
                        .generatePublic(new X509EncodedKeySpec(spki));
        byte[] id = "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.HexFormat hex = java.util.HexFormat.of();
        return sm3(concat(
                new byte[] {0, (byte) (id.length * 8)},
                id,
                hex.parseHex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC"),
                hex.parseHex("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93"),
                hex.parseHex("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"),
                hex.parseHex("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"),
                key.getQ().normalize().getAffineXCoord().getEncoded(),
                key.getQ().normalize().getAffineYCoord().getEncoded()));
    }

    private static byte[] sm3(byte[] input) throws GeneralSecurityException {
        return MessageDigest.getInstance("SM3", DataKeyPairSpec.bouncyCastle()).digest(input);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
