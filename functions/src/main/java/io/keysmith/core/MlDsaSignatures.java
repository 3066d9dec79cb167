package io.keysmith.core;

import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * ML-DSA (FIPS 204), hedged, with an empty context. RAW signs the message (ML-DSA hashes it with the public key's
 * hash through SHAKE-256); EXTERNAL_MU signs the caller's 64-byte representative mu. AWS takes no DIGEST for ML-DSA.
 */
final class MlDsaSignatures implements SignatureScheme {
    private static final int MU_LENGTH = 64;

    @Override
    public boolean accepts(MessageType type) {
        return type != MessageType.DIGEST;
    }

    @Override
    public int digestLength(MessageType type) {
        return MU_LENGTH;
    }

    @Override
    public byte[] sign(AsymmetricKeyParameter privateKey, byte[] message, MessageType type, SecureRandom random) {
        MLDSASigner signer = new MLDSASigner();
        signer.init(true, new ParametersWithRandom(privateKey, random));
        try {
            if (type == MessageType.EXTERNAL_MU) {
                return signer.generateMuSignature(message);
            }
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("ML-DSA signing failed", e);
        }
    }

    @Override
    public boolean verify(AsymmetricKeyParameter publicKey, byte[] message, MessageType type, byte[] signature) {
        MLDSASigner signer = new MLDSASigner();
        signer.init(false, publicKey);
        try {
            if (type == MessageType.EXTERNAL_MU) {
                return signer.verifyMuSignature(message, signature);
            }
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            return false; // a signature of the wrong length
        }
    }
}
