package io.keysmith.core;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.DigestFactory;

/**
 * One {@code SigningAlgorithmSpec}: how it signs and verifies a message of each {@link MessageType} it accepts. The
 * keys are BouncyCastle's lightweight parameters, which serve every family alike (SM2 and ML-DSA included).
 */
interface SignatureScheme {
    /** Whether the algorithm takes messages of this type at all (Ed25519 takes one type only, ML-DSA two). */
    boolean accepts(MessageType type);

    /** The length a DIGEST or EXTERNAL_MU message must have. */
    int digestLength(MessageType type);

    byte[] sign(AsymmetricKeyParameter privateKey, byte[] message, MessageType type, SecureRandom random);

    /** False for any signature that does not verify, a malformed one included. */
    boolean verify(AsymmetricKeyParameter publicKey, byte[] message, MessageType type, byte[] signature);

    static SignatureScheme of(SigningAlgorithm algorithm) {
        return switch (algorithm) {
            case RSASSA_PSS_SHA_256 -> RsaSignatures.pss(DigestFactory::createSHA256);
            case RSASSA_PSS_SHA_384 -> RsaSignatures.pss(DigestFactory::createSHA384);
            case RSASSA_PSS_SHA_512 -> RsaSignatures.pss(DigestFactory::createSHA512);
            case RSASSA_PKCS1_V1_5_SHA_256 -> RsaSignatures.pkcs1(DigestFactory::createSHA256);
            case RSASSA_PKCS1_V1_5_SHA_384 -> RsaSignatures.pkcs1(DigestFactory::createSHA384);
            case RSASSA_PKCS1_V1_5_SHA_512 -> RsaSignatures.pkcs1(DigestFactory::createSHA512);
            case ECDSA_SHA_256 -> new EcdsaSignatures(DigestFactory::createSHA256);
            case ECDSA_SHA_384 -> new EcdsaSignatures(DigestFactory::createSHA384);
            case ECDSA_SHA_512 -> new EcdsaSignatures(DigestFactory::createSHA512);
            case SM2DSA -> new Sm2Signatures();
            case ED25519_SHA_512 -> Ed25519Signatures.pure();
            case ED25519_PH_SHA_512 -> Ed25519Signatures.prehashed();
            case ML_DSA_SHAKE_256 -> new MlDsaSignatures();
        };
    }

    /** The message's digest for RAW; the message itself when the caller hashed it. */
    static byte[] digestOf(org.bouncycastle.crypto.Digest digest, byte[] message, MessageType type) {
        if (type != MessageType.RAW) {
            return message;
        }
        digest.update(message, 0, message.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
