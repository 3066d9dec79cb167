package io.keysmith.core;

import java.security.SecureRandom;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.NullDigest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;

/**
 * RSASSA-PSS (MGF1 with the same hash, salt as long as the digest, as AWS signs and verifies) and RSASSA-PKCS1-v1_5.
 * Both sign a digest: the one computed here for RAW, or the caller's for DIGEST.
 */
final class RsaSignatures implements SignatureScheme {
    private final Supplier<Digest> digests;
    private final boolean pss;

    private RsaSignatures(Supplier<Digest> digests, boolean pss) {
        this.digests = digests;
        this.pss = pss;
    }

    static RsaSignatures pss(Supplier<Digest> digests) {
        return new RsaSignatures(digests, true);
    }

    static RsaSignatures pkcs1(Supplier<Digest> digests) {
        return new RsaSignatures(digests, false);
    }

    @Override
    public boolean accepts(MessageType type) {
        return type != MessageType.EXTERNAL_MU;
    }

    @Override
    public int digestLength(MessageType type) {
        return digests.get().getDigestSize();
    }

    @Override
    public byte[] sign(AsymmetricKeyParameter privateKey, byte[] message, MessageType type, SecureRandom random) {
        Signer signer = signer();
        signer.init(true, new ParametersWithRandom(privateKey, random));
        byte[] digest = SignatureScheme.digestOf(digests.get(), message, type);
        signer.update(digest, 0, digest.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    @Override
    public boolean verify(AsymmetricKeyParameter publicKey, byte[] message, MessageType type, byte[] signature) {
        Signer signer = signer();
        signer.init(false, publicKey);
        byte[] digest = SignatureScheme.digestOf(digests.get(), message, type);
        signer.update(digest, 0, digest.length);
        try {
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            return false; // a signature longer than the modulus, or not below it
        }
    }

    /** A signer that takes the digest as its input: it hashes nothing itself. */
    private Signer signer() {
        Digest digest = digests.get();
        if (pss) {
            return PSSSigner.createRawSigner(
                    new RSABlindedEngine(), digest, digests.get(), digest.getDigestSize(), PSSSigner.TRAILER_IMPLICIT);
        }
        return new RSADigestSigner(new NullDigest(), digestOid(digest));
    }

    private static ASN1ObjectIdentifier digestOid(Digest digest) {
        return switch (digest.getDigestSize()) {
            case 32 -> NISTObjectIdentifiers.id_sha256;
            case 48 -> NISTObjectIdentifiers.id_sha384;
            case 64 -> NISTObjectIdentifiers.id_sha512;
            default -> throw new IllegalArgumentException("no RSA signing with " + digest.getAlgorithmName());
        };
    }
}
