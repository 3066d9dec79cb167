package io.keysmith.core;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/** ECDSA with a random nonce, its signature DER-encoded (RFC 3279), as AWS returns it. */
final class EcdsaSignatures implements SignatureScheme {
    private final Supplier<Digest> digests;

    EcdsaSignatures(Supplier<Digest> digests) {
        this.digests = digests;
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
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(privateKey, random));
        BigInteger[] rs = signer.generateSignature(SignatureScheme.digestOf(digests.get(), message, type));
        try {
            return StandardDSAEncoding.INSTANCE.encode(order(privateKey), rs[0], rs[1]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an ECDSA signature", e);
        }
    }

    @Override
    public boolean verify(AsymmetricKeyParameter publicKey, byte[] message, MessageType type, byte[] signature) {
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(order(publicKey), signature);
        } catch (IOException | RuntimeException e) {
            return false; // not one DER SEQUENCE of two integers in range, encoded canonically
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, publicKey);
        return verifier.verifySignature(SignatureScheme.digestOf(digests.get(), message, type), rs[0], rs[1]);
    }

    static BigInteger order(AsymmetricKeyParameter key) {
        return ((ECKeyParameters) key).getParameters().getN();
    }
}
