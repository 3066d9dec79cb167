package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.policy.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The Alibaba Cloud KMS instance API's cryptography over Keysmith's own keys, authorized as the AWS operations of
 * the same names are ({@code kms:Encrypt}, {@code kms:Decrypt}, {@code kms:GenerateDataKey},
 * {@code kms:GenerateDataKeyPair[WithoutPlaintext]}). Alibaba's {@code Aad} is the GCM additional data, not an
 * encryption context. The plain operations use the key's initial version (its first material) and their ciphertexts
 * open with Decrypt; the Advance* operations use its primary version (the current material after rotation), and
 * AdvanceDecrypt opens both kinds. The ciphertext is an {@link AlibabaBlob}, sealed with its own HKDF purpose.
 */
public final class AlibabaCrypto {
    /** Which material of a key an operation uses. */
    public enum Version {
        /** The key's first material: Alibaba's initial version, for the plain operations. */
        INITIAL,
        /** The key's current material: Alibaba's primary version, for the Advance* operations. */
        PRIMARY
    }

    /** A sealed plaintext and the GCM IV it needs back. */
    public record Sealed(String keyArn, String materialId, byte[] ciphertextBlob, byte[] iv) {}

    /** An opened ciphertext. */
    public record Opened(String keyArn, String materialId, SecretBytes plaintext) {}

    /** A data key in plaintext, and sealed. */
    public record SealedDataKey(SecretBytes plaintext, Sealed sealed) {
        @Override
        public String toString() {
            return "SealedDataKey[" + sealed.keyArn() + ", plaintext redacted]";
        }
    }

    /** A data key pair: the SPKI public key, the PKCS#8 private key, and that private key sealed. */
    public record SealedKeyPair(DataKeyPairSpec spec, byte[] publicKey, SecretBytes privateKey, Sealed sealed) {
        @Override
        public String toString() {
            return "SealedKeyPair[" + spec + ", " + sealed.keyArn() + ", private key redacted]";
        }
    }

    private static final byte[] PURPOSE = "keysmith/alibaba/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Consumer<RequestContext.Builder> NO_CONTEXT = KeyAccess.encryptionContext(Map.of())
            .andThen(r -> r.key("kms:EncryptionAlgorithm", EncryptionAlgorithm.SYMMETRIC_DEFAULT.name()));

    private final KeyResolver resolver;
    private final KeyStore keys;
    private final MaterialVault vault;
    private final Randomness randomness;

    private AlibabaCrypto(KeyResolver resolver, KeyStore keys, MaterialVault vault, Randomness randomness) {
        this.resolver = resolver;
        this.keys = keys;
        this.vault = vault;
        this.randomness = randomness;
    }

    /** The Alibaba operations on {@code keysmith}'s keys, with its authorization, vault and randomness. */
    public static AlibabaCrypto of(Keysmith keysmith) {
        return new AlibabaCrypto(keysmith.resolver, keysmith.keyStore, keysmith.vault, keysmith.randomness);
    }

    public Sealed encrypt(String keyId, Version version, byte[] plaintext, byte[] aad) {
        KeyRecord key = symmetricKey("Encrypt", keyId, NO_CONTEXT);
        return seal(key, version, plaintext, aad);
    }

    /** A fresh data key of {@code numberOfBytes}, in plaintext and sealed. */
    public SealedDataKey generateDataKey(String keyId, Version version, int numberOfBytes, byte[] aad) {
        KeyRecord key = symmetricKey("GenerateDataKey", keyId, NO_CONTEXT);
        SecretBytes plaintext = new SecretBytes(randomness.bytes(numberOfBytes));
        return new SealedDataKey(plaintext, seal(key, version, plaintext.reveal(), aad));
    }

    /**
     * {@code operation}: GenerateDataKeyPair or GenerateDataKeyPairWithoutPlaintext, the action authorized. The
     * private key is returned and sealed as {@code privateKeyEncoding} writes its PKCS#8 DER (PEM, say), so that
     * Decrypt gives back exactly the bytes the caller was handed.
     */
    public SealedKeyPair generateDataKeyPair(
            String operation,
            String keyId,
            Version version,
            DataKeyPairSpec spec,
            byte[] aad,
            UnaryOperator<byte[]> privateKeyEncoding) {
        KeyRecord key =
                symmetricKey(operation, keyId, NO_CONTEXT.andThen(r -> r.key("kms:DataKeyPairSpec", spec.name())));
        DataKeyPairSpec.GeneratedKeyPair pair = spec.generate(randomness.generator());
        try (SecretBytes pkcs8 = pair.privateKey()) {
            SecretBytes privateKey = new SecretBytes(privateKeyEncoding.apply(pkcs8.reveal()));
            Sealed sealed = seal(key, version, privateKey.reveal(), aad);
            return new SealedKeyPair(spec, pair.publicKey(), privateKey, sealed);
        }
    }

    /**
     * Opens a ciphertext of this API. With {@link Version#INITIAL} (Decrypt) only a plain operation's ciphertext
     * opens; with {@link Version#PRIMARY} (AdvanceDecrypt) both kinds do. {@code keyId}, when given, must name the
     * ciphertext's key. Any mismatch is an empty InvalidCiphertextException.
     */
    public Opened decrypt(String keyId, Version accepted, byte[] ciphertextBlob, byte[] iv, byte[] aad) {
        AlibabaBlob blob = AlibabaBlob.parse(ciphertextBlob);
        if (blob.advance() && accepted == Version.INITIAL) {
            throw new InvalidCiphertextException("");
        }
        KeyRecord key;
        if (keyId == null) {
            key = resolver.noted(
                    resolver.settleAndFind(blob.keyIdString()).orElseThrow(() -> new InvalidCiphertextException("")));
        } else {
            key = resolver.resolve(keyId);
            if (!key.keyId().equals(blob.keyIdString())) {
                throw new InvalidCiphertextException("");
            }
        }
        resolver.access().authorize(key, "Decrypt", NO_CONTEXT);
        resolver.require(key, Use.OPERATE);
        requireSymmetric(key, "Decrypt");
        if (iv == null || iv.length != AesGcm.IV_LENGTH) {
            throw new InvalidCiphertextException("");
        }
        try (KeyMaterial material = vault.version(key.keyId(), blob.materialIdHex())
                .orElseThrow(() -> new InvalidCiphertextException(""))) {
            byte[] gcmKey = deriveKey(material, blob.salt(), blob.keyId());
            try {
                byte[] plaintext = AesGcm.open(gcmKey, iv, blob.sealed(), blob.header(), aad);
                return new Opened(resolver.arn(key), material.materialId(), new SecretBytes(plaintext));
            } catch (AesGcm.NotAuthenticException e) {
                throw new InvalidCiphertextException("");
            } finally {
                Arrays.fill(gcmKey, (byte) 0);
            }
        }
    }

    private KeyRecord symmetricKey(String operation, String keyId, Consumer<RequestContext.Builder> conditions) {
        KeyRecord key = resolver.authorized(keyId, Use.OPERATE, operation, conditions);
        requireSymmetric(key, operation);
        return key;
    }

    private void requireSymmetric(KeyRecord key, String operation) {
        if (key.keyUsage() != KeyUsage.ENCRYPT_DECRYPT || !key.isSymmetric()) {
            throw new InvalidKeyUsageException(resolver.arn(key) + " key spec is " + key.keySpec() + " and usage "
                    + key.keyUsage() + ", which is not valid for " + operation + ".");
        }
    }

    private Sealed seal(KeyRecord key, Version version, byte[] plaintext, byte[] aad) {
        try (KeyMaterial material = material(key, version)) {
            UUID keyId = UUID.fromString(key.keyId());
            byte[] salt = randomness.bytes(CiphertextBlob.SALT_LENGTH);
            byte[] iv = randomness.bytes(AesGcm.IV_LENGTH);
            AlibabaBlob header =
                    new AlibabaBlob(version == Version.PRIMARY, keyId, material.materialIdBytes(), salt, new byte[0]);
            byte[] gcmKey = deriveKey(material, salt, keyId);
            try {
                byte[] sealed = AesGcm.seal(gcmKey, iv, plaintext, header.header(), aad);
                byte[] blob = new AlibabaBlob(header.advance(), keyId, header.materialId(), salt, sealed).encode();
                return new Sealed(resolver.arn(key), material.materialId(), blob, iv);
            } finally {
                Arrays.fill(gcmKey, (byte) 0);
            }
        }
    }

    /** The initial version is the key's oldest material; the primary version is its current one. */
    private KeyMaterial material(KeyRecord key, Version version) {
        if (version == Version.PRIMARY) {
            return vault.current(key);
        }
        // The first material is the one no rotation made: creation dates alone can tie with a quick rotation.
        List<WrappedMaterial> materials = keys.materials(key.keyId());
        String initial = materials.stream()
                .filter(material -> material.rotationType() == null)
                .findFirst()
                .or(() -> materials.stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("no material for key " + key.keyId()))
                .materialId();
        return vault.version(key.keyId(), initial)
                .orElseThrow(() -> new IllegalStateException("initial material missing for key " + key.keyId()));
    }

    private static byte[] deriveKey(KeyMaterial material, byte[] salt, UUID keyId) {
        byte[] keyIdBytes = keyId.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] info = Arrays.copyOf(PURPOSE, PURPOSE.length + keyIdBytes.length);
        System.arraycopy(keyIdBytes, 0, info, PURPOSE.length, keyIdBytes.length);
        return Hkdf.sha256(material.secret().reveal(), salt, info, AesGcm.KEY_LENGTH);
    }
}
