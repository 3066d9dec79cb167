package io.keysmith.core;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2DSA (GB/T 32918.2), its signature DER-encoded as for ECDSA. For RAW the digest is e = SM3(Z || M), where Z is
 * the signer's identity digest with AWS's default distinguishing ID {@code 1234567812345678}; for DIGEST the caller
 * gives e itself. BouncyCastle's SM2Signer always hashes Z in, so the signature equations are written out here.
 */
final class Sm2Signatures implements SignatureScheme {
    static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    @Override
    public boolean accepts(MessageType type) {
        return type != MessageType.EXTERNAL_MU;
    }

    @Override
    public int digestLength(MessageType type) {
        return 32;
    }

    @Override
    public byte[] sign(AsymmetricKeyParameter privateKey, byte[] message, MessageType type, SecureRandom random) {
        ECPrivateKeyParameters key = (ECPrivateKeyParameters) privateKey;
        ECDomainParameters domain = key.getParameters();
        BigInteger n = domain.getN();
        BigInteger d = key.getD();
        ECPoint publicPoint =
                new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
        BigInteger e = digest(domain, publicPoint, message, type);
        BigInteger inverse = BigIntegers.modOddInverse(n, d.add(BigInteger.ONE));
        while (true) {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
            BigInteger x1 = new FixedPointCombMultiplier()
                    .multiply(domain.getG(), k)
                    .normalize()
                    .getAffineXCoord()
                    .toBigInteger();
            BigInteger r = e.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = inverse.multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() != 0) {
                try {
                    return StandardDSAEncoding.INSTANCE.encode(n, r, s);
                } catch (IOException ex) {
                    throw new IllegalStateException("cannot encode an SM2 signature", ex);
                }
            }
        }
    }

    @Override
    public boolean verify(AsymmetricKeyParameter publicKey, byte[] message, MessageType type, byte[] signature) {
        ECPublicKeyParameters key = (ECPublicKeyParameters) publicKey;
        ECDomainParameters domain = key.getParameters();
        BigInteger n = domain.getN();
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(n, signature);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (!inRange(r, n) || !inRange(s, n)) {
            return false;
        }
        BigInteger t = r.add(s).mod(n);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint point =
                ECAlgorithms.sumOfTwoMultiplies(domain.getG(), s, key.getQ(), t).normalize();
        if (point.isInfinity()) {
            return false;
        }
        BigInteger e = digest(domain, key.getQ().normalize(), message, type);
        return e.add(point.getAffineXCoord().toBigInteger()).mod(n).equals(r);
    }

    private static boolean inRange(BigInteger value, BigInteger n) {
        return value.signum() > 0 && value.compareTo(n) < 0;
    }

    private static BigInteger digest(ECDomainParameters domain, ECPoint publicPoint, byte[] message, MessageType type) {
        if (type == MessageType.DIGEST) {
            return new BigInteger(1, message);
        }
        SM3Digest sm3 = new SM3Digest();
        byte[] z = identityDigest(domain, publicPoint);
        sm3.update(z, 0, z.length);
        sm3.update(message, 0, message.length);
        byte[] e = new byte[sm3.getDigestSize()];
        sm3.doFinal(e, 0);
        return new BigInteger(1, e);
    }

    /** Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), ENTL the ID's length in bits on two bytes. */
    static byte[] identityDigest(ECDomainParameters domain, ECPoint publicPoint) {
        SM3Digest sm3 = new SM3Digest();
        int bits = DEFAULT_ID.length * 8;
        sm3.update((byte) (bits >> 8));
        sm3.update((byte) bits);
        sm3.update(DEFAULT_ID, 0, DEFAULT_ID.length);
        ECPoint g = domain.getG().normalize();
        for (byte[] part : new byte[][] {
            domain.getCurve().getA().getEncoded(),
            domain.getCurve().getB().getEncoded(),
            g.getAffineXCoord().getEncoded(),
            g.getAffineYCoord().getEncoded(),
            publicPoint.getAffineXCoord().getEncoded(),
            publicPoint.getAffineYCoord().getEncoded()
        }) {
            sm3.update(part, 0, part.length);
        }
        byte[] z = new byte[sm3.getDigestSize()];
        sm3.doFinal(z, 0);
        return z;
    }
}
