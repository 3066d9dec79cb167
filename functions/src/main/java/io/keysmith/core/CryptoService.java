package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.IncorrectKeyException;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.ValidationException;
import io.keysmith.policy.RequestContext;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The cryptographic operations, each checking in AWS's order: resolve the key, authorize the caller, the key's
 * state, its usage, and only then DryRun.
 */
public final class CryptoService {
    private static final Consumer<RequestContext.Builder> DEFAULT_ALGORITHM =
            algorithm(EncryptionAlgorithm.SYMMETRIC_DEFAULT);

    private final KeyResolver resolver;
    private final MaterialVault vault;
    private final DataSealer sealer;
    private final Randomness randomness;
    private final KeyAccess access;
    private final KeyPairSource readyPairs;

    CryptoService(KeyResolver resolver, MaterialVault vault, Randomness randomness, KeyPairSource readyPairs) {
        this.resolver = resolver;
        this.readyPairs = readyPairs;
        this.vault = vault;
        this.sealer = new DataSealer(randomness);
        this.randomness = randomness;
        this.access = resolver.access();
    }

    /** With a {@code recipient}, the private key is also encrypted to that (already attested) enclave. */
    public DataKeyPair generateDataKeyPair(String operation, DataKeyPairRequest request, Recipient recipient) {
        Consumer<RequestContext.Builder> conditions = KeyAccess.encryptionContext(request.encryptionContext())
                .andThen(r -> r.key("kms:DataKeyPairSpec", request.spec().name()))
                .andThen(DEFAULT_ALGORITHM)
                .andThen(attestation(recipient));
        KeyRecord key = symmetricKeyFor(operation, request.keyId(), request.dryRun(), conditions);
        DataKeyPairSpec spec = request.spec();
        // Only now, after every check: a pair taken from a pool is never put back.
        DataKeyPairSpec.GeneratedKeyPair pair =
                readyPairs.take(spec).orElseGet(() -> spec.generate(randomness.generator()));
        Encrypted sealed;
        byte[] forRecipient;
        try {
            sealed = seal(key, request.encryptionContext(), pair.privateKey().reveal());
            forRecipient = recipient == null ? null : recipient.envelope(pair.privateKey());
        } catch (RuntimeException e) {
            pair.privateKey().close(); // nobody else will: the pair is never handed out
            throw e;
        }
        return new DataKeyPair(
                sealed.keyArn(),
                spec,
                pair.publicKey(),
                pair.privateKey(),
                sealed.ciphertext(),
                sealed.materialId(),
                forRecipient);
    }

    public DataKey generateDataKey(String operation, DataKeyRequest request) {
        DataKeySpec keySpec = request.keySpec();
        Integer numberOfBytes = request.numberOfBytes();
        if ((keySpec == null) == (numberOfBytes == null)) {
            throw new ValidationException("Please specify either number of bytes or key spec.");
        }
        KeyRecord key = symmetricKeyFor(
                operation,
                request.keyId(),
                request.dryRun(),
                KeyAccess.encryptionContext(request.encryptionContext()).andThen(DEFAULT_ALGORITHM));
        int length = numberOfBytes != null ? numberOfBytes : keySpec.bytes();
        SecretBytes plaintext = new SecretBytes(randomness.bytes(length));
        Encrypted sealed = seal(key, request.encryptionContext(), plaintext.reveal());
        return new DataKey(sealed.keyArn(), plaintext, sealed.ciphertext(), sealed.materialId());
    }

    public Encrypted encrypt(EncryptRequest request) {
        KeyRecord key = resolver.authorized(
                request.keyId(),
                Use.OPERATE,
                "Encrypt",
                KeyAccess.encryptionContext(request.encryptionContext()).andThen(algorithm(request.algorithm())));
        EncryptionAlgorithm algorithm =
                checkEncryptionKey(key, "Encrypt", request.algorithm(), request.encryptionContext());
        if (!key.isSymmetric()) {
            AsymmetricCrypto.requireFits(
                    key.keySpec(), algorithm, request.plaintext().length());
        }
        requireNoDryRun(request.dryRun());
        return seal(
                key, algorithm, request.encryptionContext(), request.plaintext().reveal());
    }

    /**
     * With a {@code recipient}, the plaintext is also encrypted to that (already attested) enclave. Ciphertext of an
     * asymmetric key carries no header, so the request's KeyId decides how it is opened.
     */
    public Decrypted decrypt(DecryptRequest request, Recipient recipient) {
        KeyRecord named = request.keyId() == null ? null : resolver.resolve(request.keyId());
        boolean asymmetric = named != null && AsymmetricCrypto.encryptsAsymmetrically(named);
        CiphertextBlob blob = asymmetric ? null : CiphertextBlob.parse(request.ciphertext());
        KeyRecord key = asymmetric ? named : blobKey(blob, named);
        access.authorize(
                key,
                "Decrypt",
                KeyAccess.encryptionContext(request.encryptionContext())
                        .andThen(algorithm(request.algorithm()))
                        .andThen(attestation(recipient)));
        resolver.require(key, Use.OPERATE);
        EncryptionAlgorithm algorithm =
                checkEncryptionKey(key, "Decrypt", request.algorithm(), request.encryptionContext());
        requireNoDryRun(request.dryRun());
        Decrypted decrypted = asymmetric
                ? openAsymmetric(key, algorithm, request.ciphertext())
                : open(key, blob, request.encryptionContext());
        return recipient == null
                ? decrypted
                : new Decrypted(
                        decrypted.keyArn(),
                        decrypted.plaintext(),
                        decrypted.materialId(),
                        recipient.envelope(decrypted.plaintext()));
    }

    public ReEncrypted reEncrypt(ReEncryptRequest request) {
        KeyRecord named = request.sourceKeyId() == null ? null : resolver.resolve(request.sourceKeyId());
        boolean asymmetricSource = named != null && AsymmetricCrypto.encryptsAsymmetrically(named);
        CiphertextBlob blob = asymmetricSource ? null : CiphertextBlob.parse(request.ciphertext());
        KeyRecord source = asymmetricSource ? named : blobKey(blob, named);
        KeyRecord destination = resolver.resolve(request.destinationKeyId());
        String sameKey = Boolean.toString(source.keyId().equals(destination.keyId()));
        CallScope.current().notedKeys(source.keyId(), destination.keyId()); // a token of either may come
        access.authorize(
                source,
                "ReEncryptFrom",
                KeyAccess.encryptionContext(request.sourceContext())
                        .andThen(algorithm(request.sourceAlgorithm()))
                        .andThen(r -> r.key("kms:ReEncryptOnSameKey", sameKey)));
        access.authorize(
                destination,
                "ReEncryptTo",
                KeyAccess.encryptionContext(request.destinationContext())
                        .andThen(algorithm(request.destinationAlgorithm()))
                        .andThen(r -> r.key("kms:ReEncryptOnSameKey", sameKey)));
        resolver.require(source, Use.OPERATE);
        EncryptionAlgorithm sourceAlgorithm =
                checkEncryptionKey(source, "ReEncryptFrom", request.sourceAlgorithm(), request.sourceContext());
        resolver.require(destination, Use.OPERATE);
        EncryptionAlgorithm destinationAlgorithm = checkEncryptionKey(
                destination, "ReEncryptTo", request.destinationAlgorithm(), request.destinationContext());
        requireNoDryRun(request.dryRun());
        Decrypted decrypted = asymmetricSource
                ? openAsymmetric(source, sourceAlgorithm, request.ciphertext())
                : open(source, blob, request.sourceContext());
        try (SecretBytes plaintext = decrypted.plaintext()) {
            return new ReEncrypted(
                    decrypted.keyArn(),
                    decrypted.materialId(),
                    seal(destination, destinationAlgorithm, request.destinationContext(), plaintext.reveal()));
        }
    }

    public SecretBytes generateRandom(Integer numberOfBytes) {
        if (numberOfBytes == null) {
            throw new ValidationException("NumberOfBytes is required.");
        }
        access.authorizeWithoutKey("GenerateRandom", null, KeyAccess.NO_CONDITIONS);
        return new SecretBytes(randomness.bytes(numberOfBytes));
    }

    /** {@code kms:EncryptionAlgorithm}: the one requested, or SYMMETRIC_DEFAULT, which Keysmith uses when none is. */
    private static Consumer<RequestContext.Builder> algorithm(EncryptionAlgorithm requested) {
        EncryptionAlgorithm used = requested == null ? EncryptionAlgorithm.SYMMETRIC_DEFAULT : requested;
        return r -> r.key("kms:EncryptionAlgorithm", used.name());
    }

    /** The attested enclave's measurements, for conditions on a Recipient; nothing without one. */
    static Consumer<RequestContext.Builder> attestation(Recipient recipient) {
        return r -> {
            if (recipient == null) {
                return;
            }
            recipient.pcrs().forEach((index, value) -> r.key("kms:RecipientAttestation:PCR" + index, value));
            String imageSha384 = recipient.pcrs().get(0);
            if (imageSha384 != null) {
                r.key("kms:RecipientAttestation:ImageSha384", imageSha384);
            }
        };
    }

    private KeyRecord symmetricKeyFor(
            String operation, String keyId, boolean dryRun, Consumer<RequestContext.Builder> conditions) {
        KeyRecord key = resolver.authorized(keyId, Use.OPERATE, operation, conditions);
        checkUsage(key, operation);
        if (!key.isSymmetric()) {
            throw new InvalidKeyUsageException(
                    resolver.arn(key) + " key spec is " + key.keySpec() + " which is not valid for " + operation + ".");
        }
        requireNoDryRun(dryRun);
        return key;
    }

    /** The key named in the blob's header; a KeyId that names another key is IncorrectKeyException. */
    private KeyRecord blobKey(CiphertextBlob blob, KeyRecord named) {
        if (named == null) {
            return resolver.noted(
                    resolver.settleAndFind(blob.keyIdString()).orElseThrow(() -> new InvalidCiphertextException("")));
        }
        if (!named.keyId().equals(blob.keyIdString())) {
            throw new IncorrectKeyException(
                    "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        return named;
    }

    private void checkUsage(KeyRecord key, String operation) {
        if (key.keyUsage() != KeyUsage.ENCRYPT_DECRYPT) {
            throw new InvalidKeyUsageException(resolver.arn(key) + " key usage is " + key.keyUsage()
                    + " which is not valid for " + operation + ".");
        }
    }

    /**
     * The key's usage and the algorithm; returns the algorithm the key works with. An asymmetric key needs its own
     * algorithm named and takes no encryption context.
     */
    private EncryptionAlgorithm checkEncryptionKey(
            KeyRecord key, String operation, EncryptionAlgorithm algorithm, Map<String, String> encryptionContext) {
        checkUsage(key, operation);
        if (!key.isSymmetric()) {
            EncryptionAlgorithm used = AsymmetricCrypto.requireAlgorithm(key, algorithm);
            AsymmetricCrypto.requireNoContext(encryptionContext);
            return used;
        }
        if (algorithm != null && algorithm != EncryptionAlgorithm.SYMMETRIC_DEFAULT) {
            throw new InvalidKeyUsageException(
                    "Algorithm " + algorithm + " is incompatible with key spec " + key.keySpec() + ".");
        }
        return EncryptionAlgorithm.SYMMETRIC_DEFAULT;
    }

    static void requireNoDryRun(boolean dryRun) {
        if (dryRun) {
            throw new DryRunOperationException("The request would have succeeded, but the DryRun option is set.");
        }
    }

    private Encrypted seal(KeyRecord key, Map<String, String> encryptionContext, byte[] plaintext) {
        byte[] context = EncryptionContext.canonical(encryptionContext);
        try (KeyMaterial material = vault.current(key)) {
            byte[] sealed = sealer.seal(material, UUID.fromString(key.keyId()), context, plaintext);
            return new Encrypted(resolver.arn(key), sealed, material.materialId());
        }
    }

    /** Seals under a symmetric key, or encrypts with an asymmetric key's public key (no material id then). */
    private Encrypted seal(
            KeyRecord key, EncryptionAlgorithm algorithm, Map<String, String> encryptionContext, byte[] plaintext) {
        if (key.isSymmetric()) {
            return seal(key, encryptionContext, plaintext);
        }
        try (KeyMaterial material = vault.current(key)) {
            byte[] ciphertext =
                    AsymmetricCrypto.encrypt(key.keySpec(), algorithm, material, plaintext, randomness.generator());
            return new Encrypted(resolver.arn(key), ciphertext, null);
        }
    }

    private Decrypted openAsymmetric(KeyRecord key, EncryptionAlgorithm algorithm, byte[] ciphertext) {
        try (KeyMaterial material = vault.current(key)) {
            SecretBytes plaintext = AsymmetricCrypto.decrypt(key.keySpec(), algorithm, material, ciphertext);
            return new Decrypted(resolver.arn(key), plaintext, null, null);
        }
    }

    private Decrypted open(KeyRecord key, CiphertextBlob blob, Map<String, String> encryptionContext) {
        try (KeyMaterial material = vault.version(key.keyId(), blob.materialIdHex())
                .orElseThrow(() -> new InvalidCiphertextException(""))) {
            SecretBytes plaintext = sealer.open(material, blob, EncryptionContext.canonical(encryptionContext));
            return new Decrypted(resolver.arn(key), plaintext, material.materialId(), null);
        }
    }
}
