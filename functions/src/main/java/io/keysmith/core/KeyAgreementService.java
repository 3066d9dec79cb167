package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.ValidationException;
import io.keysmith.policy.RequestContext;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.BigIntegers;

/**
 * DeriveSharedSecret: ECDH between a KEY_AGREEMENT key (NIST P-256/384/521 or SM2) and a peer's public key. The
 * secret is the x-coordinate of the shared point, as SP 800-56A's ECC CDH primitive and AWS define it. The peer's key
 * must be a valid point of the key's own curve; BouncyCastle's public-key parameters check that it lies on the curve,
 * is not the point at infinity, and (for curves with a cofactor) lies in the right subgroup.
 */
public final class KeyAgreementService {
    private final KeyResolver resolver;
    private final MaterialVault vault;

    KeyAgreementService(KeyResolver resolver, MaterialVault vault) {
        this.resolver = resolver;
        this.vault = vault;
    }

    /** With a {@code recipient}, the secret is also encrypted to that (already attested) enclave. */
    public SharedSecret deriveSharedSecret(SharedSecretRequest request, Recipient recipient) {
        Consumer<RequestContext.Builder> conditions = ((Consumer<RequestContext.Builder>) r ->
                        r.key("kms:KeyAgreementAlgorithm", request.algorithm().name()))
                .andThen(CryptoService.attestation(recipient));
        KeyRecord key = resolver.authorized(request.keyId(), Use.OPERATE, "DeriveSharedSecret", conditions);
        if (key.keyUsage() != KeyUsage.KEY_AGREEMENT) {
            throw new InvalidKeyUsageException(resolver.arn(key) + " key usage is " + key.keyUsage()
                    + " which is not valid for DeriveSharedSecret.");
        }
        try (KeyMaterial material = vault.current(key)) {
            ECPrivateKeyParameters privateKey = privateKey(material);
            ECPublicKeyParameters peer = peerKey(request.publicKey(), privateKey.getParameters());
            CryptoService.requireNoDryRun(request.dryRun());
            SecretBytes secret = new SecretBytes(agree(privateKey, peer));
            return new SharedSecret(
                    resolver.arn(key), key.origin(), secret, recipient == null ? null : recipient.envelope(secret));
        }
    }

    /** The x-coordinate of d·Q, left-padded to the field's size. */
    static byte[] agree(ECPrivateKeyParameters privateKey, ECPublicKeyParameters peer) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(privateKey);
        BigInteger x = agreement.calculateAgreement(peer);
        return BigIntegers.asUnsignedByteArray(agreement.getFieldSize(), x);
    }

    private static ECPrivateKeyParameters privateKey(KeyMaterial material) {
        try {
            return (ECPrivateKeyParameters)
                    PrivateKeyFactory.createKey(material.secret().reveal());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a key agreement private key", e);
        }
    }

    /**
     * The peer's DER SubjectPublicKeyInfo as a point of {@code curve}; anything else (not DER, not EC, another
     * curve, a point off the curve) is a ValidationException with AWS's empty message.
     */
    static ECPublicKeyParameters peerKey(byte[] spki, ECDomainParameters curve) {
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(spki));
            if (key instanceof ECPublicKeyParameters ec && sameCurve(ec.getParameters(), curve)) {
                return ec;
            }
        } catch (IOException | RuntimeException e) {
            // Falls through to the one answer every malformed key gets.
        }
        throw new ValidationException("");
    }

    private static boolean sameCurve(ECDomainParameters a, ECDomainParameters b) {
        // Compared by value: the two sides may use different BouncyCastle implementations of one curve.
        return a.getCurve().equals(b.getCurve())
                && Arrays.equals(a.getG().getEncoded(false), b.getG().getEncoded(false))
                && a.getN().equals(b.getN());
    }
}
