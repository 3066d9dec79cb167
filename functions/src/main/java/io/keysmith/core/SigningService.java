package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.KmsInvalidSignatureException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.ValidationException;
import io.keysmith.policy.RequestContext;
import java.io.IOException;
import java.util.function.Consumer;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Sign, Verify and GetPublicKey, each checking in AWS's order: resolve the key, authorize the caller, the key's
 * state, its usage and spec, the algorithm and message, and only then DryRun. The private key is unwrapped only to
 * sign; Verify and GetPublicKey use the public key stored beside the wrapped material.
 */
public final class SigningService {
    private final KeyResolver resolver;
    private final MaterialVault vault;
    private final KeyStore keys;
    private final Randomness randomness;

    SigningService(KeyResolver resolver, MaterialVault vault, KeyStore keys, Randomness randomness) {
        this.resolver = resolver;
        this.vault = vault;
        this.keys = keys;
        this.randomness = randomness;
    }

    public Signed sign(SignRequest request) {
        MessageType type = typeOf(request.messageType());
        KeyRecord key =
                resolver.authorized(request.keyId(), Use.OPERATE, "Sign", conditions(request.algorithm(), type));
        SignatureScheme scheme = scheme(key, "Sign", request.algorithm(), type, request.message());
        requireNoDryRun(request.dryRun());
        byte[] signature;
        try (KeyMaterial material = vault.current(key)) {
            signature = scheme.sign(privateKey(material), request.message(), type, randomness.generator());
        }
        return new Signed(resolver.arn(key), signature, request.algorithm());
    }

    /** The key's ARN when the signature is valid; KMSInvalidSignatureException otherwise. */
    public String verify(VerifyRequest request) {
        MessageType type = typeOf(request.messageType());
        KeyRecord key =
                resolver.authorized(request.keyId(), Use.OPERATE, "Verify", conditions(request.algorithm(), type));
        SignatureScheme scheme = scheme(key, "Verify", request.algorithm(), type, request.message());
        requireNoDryRun(request.dryRun());
        if (!scheme.verify(publicKey(key), request.message(), type, request.signature())) {
            throw new KmsInvalidSignatureException();
        }
        return resolver.arn(key);
    }

    public PublicKeyInfo publicKey(String keyId) {
        KeyRecord key = resolver.authorized(keyId, Use.OPERATE, "GetPublicKey", KeyAccess.NO_CONDITIONS);
        if (key.isSymmetric() || key.keySpec().isHmac()) {
            throw new KmsUnsupportedOperationException(
                    resolver.arn(key) + " key spec is " + key.keySpec() + " which is not valid for GetPublicKey.");
        }
        return new PublicKeyInfo(
                resolver.arn(key),
                publicKeyBytes(key),
                key.keySpec(),
                key.keyUsage(),
                KeySpecs.encryptionAlgorithms(key.keySpec(), key.keyUsage()),
                KeySpecs.signingAlgorithms(key.keySpec(), key.keyUsage()),
                KeySpecs.keyAgreementAlgorithms(key.keyUsage()));
    }

    /** RAW when the request names no MessageType, as AWS assumes, for the condition key too. */
    private static MessageType typeOf(MessageType requested) {
        return requested == null ? MessageType.RAW : requested;
    }

    private static Consumer<RequestContext.Builder> conditions(SigningAlgorithm algorithm, MessageType type) {
        return r -> {
            if (algorithm != null) {
                r.key("kms:SigningAlgorithm", algorithm.name());
            }
            r.key("kms:MessageType", type.name());
        };
    }

    /** The scheme of {@code algorithm} once the key, the algorithm and the message fit together, in AWS's words. */
    private SignatureScheme scheme(
            KeyRecord key, String operation, SigningAlgorithm algorithm, MessageType type, byte[] message) {
        if (key.keyUsage() != KeyUsage.SIGN_VERIFY) {
            throw new InvalidKeyUsageException(resolver.arn(key) + " key usage is " + key.keyUsage()
                    + " which is not valid for " + operation + ".");
        }
        if (algorithm == null) {
            throw new ValidationException("SigningAlgorithm is required.");
        }
        if (!KeySpecs.signingAlgorithms(key.keySpec(), key.keyUsage()).contains(algorithm)) {
            throw new InvalidKeyUsageException(
                    "Algorithm " + algorithm + " is incompatible with key spec " + key.keySpec() + ".");
        }
        SignatureScheme scheme = SignatureScheme.of(algorithm);
        if (!scheme.accepts(type)) {
            throw new ValidationException(
                    "MessageType " + type + " is not supported with signing algorithm " + algorithm + ".");
        }
        if (message == null) {
            throw new ValidationException("Message is required.");
        }
        if (type != MessageType.RAW && message.length != scheme.digestLength(type)) {
            throw new ValidationException("Digest is invalid length for algorithm " + algorithm + ".");
        }
        return scheme;
    }

    private byte[] publicKeyBytes(KeyRecord key) {
        byte[] publicKey = keys.findMaterial(key.keyId(), key.currentMaterialId())
                .map(WrappedMaterial::publicKey)
                .orElse(null);
        if (publicKey == null) {
            throw new IllegalStateException("key " + key.keyId() + " has no public key stored");
        }
        return publicKey;
    }

    private AsymmetricKeyParameter publicKey(KeyRecord key) {
        try {
            return PublicKeyFactory.createKey(publicKeyBytes(key));
        } catch (IOException e) {
            throw new IllegalStateException("the stored public key of " + key.keyId() + " does not parse", e);
        }
    }

    private static AsymmetricKeyParameter privateKey(KeyMaterial material) {
        try {
            return PrivateKeyFactory.createKey(material.secret().reveal());
        } catch (IOException e) {
            // Never the bytes themselves: only which material failed.
            throw new IllegalStateException("material " + material.materialId() + " is not a PKCS#8 private key");
        }
    }

    private static void requireNoDryRun(boolean dryRun) {
        if (dryRun) {
            throw new DryRunOperationException("The request would have succeeded, but the DryRun option is set.");
        }
    }
}
