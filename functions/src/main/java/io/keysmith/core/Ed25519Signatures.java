package io.keysmith.core;

import java.security.SecureRandom;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.Ed25519phSigner;

/**
 * Ed25519 (RFC 8032). ED25519_SHA_512 is pure Ed25519 and takes RAW messages only; ED25519_PH_SHA_512 is Ed25519ph
 * with an empty context and takes DIGEST messages only, which it still hashes with SHA-512 (FIPS 186-5, 7.8.1, step
 * 1), as AWS documents: the caller's digest is hashed a second time.
 */
final class Ed25519Signatures implements SignatureScheme {
    private static final int SHA_512_LENGTH = 64;
    private final boolean prehashed;

    private Ed25519Signatures(boolean prehashed) {
        this.prehashed = prehashed;
    }

    static Ed25519Signatures pure() {
        return new Ed25519Signatures(false);
    }

    static Ed25519Signatures prehashed() {
        return new Ed25519Signatures(true);
    }

    @Override
    public boolean accepts(MessageType type) {
        return type == (prehashed ? MessageType.DIGEST : MessageType.RAW);
    }

    @Override
    public int digestLength(MessageType type) {
        return SHA_512_LENGTH;
    }

    @Override
    public byte[] sign(AsymmetricKeyParameter privateKey, byte[] message, MessageType type, SecureRandom random) {
        Signer signer = signer();
        signer.init(true, privateKey); // deterministic: Ed25519 takes no randomness
        signer.update(message, 0, message.length);
        return generate(signer);
    }

    @Override
    public boolean verify(AsymmetricKeyParameter publicKey, byte[] message, MessageType type, byte[] signature) {
        Signer signer = signer();
        signer.init(false, publicKey);
        signer.update(message, 0, message.length);
        return signer.verifySignature(signature);
    }

    private Signer signer() {
        return prehashed ? new Ed25519phSigner(new byte[0]) : new Ed25519Signer();
    }

    private static byte[] generate(Signer signer) {
        try {
            return signer.generateSignature();
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
