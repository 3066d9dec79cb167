package io.keysmith.core;

import io.keysmith.core.errors.AlreadyExistsException;
import io.keysmith.core.errors.DisabledException;
import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.IncorrectKeyException;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.core.errors.TagException;
import io.keysmith.core.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The KMS operations, in AWS's order of checks: resolve the key, its state, its usage, then DryRun. */
public final class KeyService {
    static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    static final String ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT";
    static final int MAX_TAGS = 50;
    private static final byte[] MATERIAL_PURPOSE = "keysmith/v1/material".getBytes(StandardCharsets.US_ASCII);
    private static final String KEYS_LIST = "keys";
    private static final String ALIASES_LIST = "aliases";

    private final KeyStore keys;
    private final AliasStore aliases;
    private final RootKey rootKey;
    private final KmsLocation location;
    private final Randomness randomness;
    private final DataSealer sealer;
    private final Clock clock;

    public KeyService(KeyStore keys, AliasStore aliases, RootKey rootKey, KmsLocation location,
                      Randomness randomness, Clock clock) {
        this.keys = keys;
        this.aliases = aliases;
        this.rootKey = rootKey;
        this.location = location;
        this.randomness = randomness;
        this.sealer = new DataSealer(randomness);
        this.clock = clock;
    }

    public KmsLocation location() {
        return location;
    }

    public KeyRecord createKey(NewKey request) {
        String keySpec = request.keySpec() == null ? SYMMETRIC_DEFAULT : request.keySpec();
        if (!keySpec.equals(SYMMETRIC_DEFAULT) && request.keyUsage() == null) {
            throw new ValidationException(
                    "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
        }
        String keyUsage = request.keyUsage() == null ? ENCRYPT_DECRYPT : request.keyUsage();
        if (!keySpec.equals(SYMMETRIC_DEFAULT) || !keyUsage.equals(ENCRYPT_DECRYPT)) {
            throw new KmsUnsupportedOperationException("Keysmith does not support KeySpec " + keySpec
                    + " with KeyUsage " + keyUsage + " yet; use SYMMETRIC_DEFAULT with ENCRYPT_DECRYPT.");
        }
        String origin = request.origin() == null ? "AWS_KMS" : request.origin();
        if (!origin.equals("AWS_KMS")) {
            throw new KmsUnsupportedOperationException("Keysmith does not support Origin " + origin + " yet.");
        }
        List<Tag> tags = request.tags() == null ? List.of() : request.tags();
        checkTags(tags);

        Instant now = now();
        String keyId = UUID.randomUUID().toString();
        String materialId = HexFormat.of().formatHex(randomness.bytes(32));
        byte[] wrapped;
        try (SecretBytes material = new SecretBytes(randomness.bytes(32))) {
            wrapped = rootKey.wrap(material, materialAad(keyId, materialId));
        }
        KeyRecord key = new KeyRecord(keyId, now, request.description() == null ? "" : request.description(),
                keySpec, keyUsage, KeyState.Enabled, origin, materialId, tags, 1);
        keys.create(key, new WrappedMaterial(keyId, materialId, wrapped, rootKey.id(), now));
        return key;
    }

    public KeyRecord describeKey(String keyId) {
        return resolve(keyId);
    }

    public Page<KeyRecord> listKeys(int limit, String marker) {
        Page<KeyRecord> page = keys.list(limit, Markers.decode(KEYS_LIST, marker));
        return page.truncated() ? new Page<>(page.items(), Markers.encode(KEYS_LIST, page.nextMarker())) : page;
    }

    public void createAlias(String aliasName, String targetKeyId) {
        if (!aliasName.startsWith("alias/")) {
            throw new ValidationException("Alias must start with the prefix \"alias/\". "
                    + "Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        KeyReference target = KeyReference.parse(targetKeyId, location);
        if (target.isAlias()) {
            throw new ValidationException("Aliases must refer to keys. Not aliases");
        }
        KeyRecord key = findKey(target.keyId());
        if (key.keyState() == KeyState.PendingDeletion) {
            throw new KmsInvalidStateException(location.keyArn(key.keyId()) + " is pending deletion.");
        }
        Instant now = now();
        switch (aliases.create(new AliasRecord(aliasName, key.keyId(), now, now))) {
            case CREATED -> { }
            case NAME_TAKEN -> throw new AlreadyExistsException(
                    "An alias with the name " + location.aliasArn(aliasName) + " already exists");
            case TARGET_MISSING -> throw keyNotFound(key.keyId());
        }
    }

    public Page<AliasRecord> listAliases(String keyId, int limit, String marker) {
        String targetKeyId = null;
        if (keyId != null) {
            KeyReference reference = KeyReference.parse(keyId, location);
            if (reference.isAlias()) {
                throw new ValidationException("Value for KeyId must be a key ID or key ARN, not an alias");
            }
            targetKeyId = findKey(reference.keyId()).keyId();
        }
        Page<AliasRecord> page = aliases.list(targetKeyId, limit, Markers.decode(ALIASES_LIST, marker));
        return page.truncated() ? new Page<>(page.items(), Markers.encode(ALIASES_LIST, page.nextMarker())) : page;
    }

    public DataKeyPair generateDataKeyPair(String operation, String keyId, DataKeyPairSpec spec,
                                           Map<String, String> encryptionContext, boolean dryRun) {
        KeyRecord key = resolve(keyId);
        checkUsableForEncryption(key, operation);
        if (dryRun) {
            throw dryRun();
        }
        byte[] context = EncryptionContext.canonical(encryptionContext);
        try (KeyMaterial material = currentMaterial(key)) {
            DataKeyPairSpec.GeneratedKeyPair pair = spec.generate(randomness.generator());
            byte[] sealed = sealer.seal(material, UUID.fromString(key.keyId()), context, pair.privateKey().reveal());
            return new DataKeyPair(location.keyArn(key.keyId()), spec, pair.publicKey(), pair.privateKey(), sealed,
                    material.materialId());
        }
    }

    public Decrypted decrypt(byte[] ciphertext, Map<String, String> encryptionContext, String keyId, boolean dryRun) {
        CiphertextBlob blob = CiphertextBlob.parse(ciphertext);
        if (keyId != null && !resolve(keyId).keyId().equals(blob.keyIdString())) {
            throw new IncorrectKeyException(
                    "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        KeyRecord key = keys.find(blob.keyIdString()).orElseThrow(() -> new InvalidCiphertextException(""));
        checkUsableForEncryption(key, "Decrypt");
        if (dryRun) {
            throw dryRun();
        }
        WrappedMaterial wrapped = keys.findMaterial(key.keyId(), blob.materialIdHex())
                .orElseThrow(() -> new InvalidCiphertextException(""));
        try (KeyMaterial material = unwrap(wrapped)) {
            SecretBytes plaintext = sealer.open(material, blob, EncryptionContext.canonical(encryptionContext));
            return new Decrypted(location.keyArn(key.keyId()), plaintext, material.materialId());
        }
    }

    private KeyRecord resolve(String keyId) {
        KeyReference reference = KeyReference.parse(keyId, location);
        if (!reference.isAlias()) {
            return findKey(reference.keyId());
        }
        AliasRecord alias = aliases.find(reference.aliasName()).orElseThrow(
                () -> new NotFoundException("Alias " + location.aliasArn(reference.aliasName()) + " is not found."));
        return findKey(alias.targetKeyId());
    }

    private KeyRecord findKey(String keyId) {
        return keys.find(keyId).orElseThrow(() -> keyNotFound(keyId));
    }

    private NotFoundException keyNotFound(String keyId) {
        return new NotFoundException("Key '" + location.keyArn(keyId) + "' does not exist");
    }

    private void checkUsableForEncryption(KeyRecord key, String operation) {
        String arn = location.keyArn(key.keyId());
        switch (key.keyState()) {
            case Disabled -> throw new DisabledException(arn + " is disabled.");
            case PendingDeletion -> throw new KmsInvalidStateException(arn + " is pending deletion.");
            case Enabled -> { }
        }
        if (!key.keyUsage().equals(ENCRYPT_DECRYPT) || !key.keySpec().equals(SYMMETRIC_DEFAULT)) {
            throw new InvalidKeyUsageException(
                    arn + " key usage is " + key.keyUsage() + " which is not valid for " + operation + ".");
        }
    }

    private static DryRunOperationException dryRun() {
        return new DryRunOperationException("The request would have succeeded, but the DryRun option is set.");
    }

    private KeyMaterial currentMaterial(KeyRecord key) {
        WrappedMaterial wrapped = keys.findMaterial(key.keyId(), key.currentMaterialId())
                .orElseThrow(() -> new IllegalStateException("current material missing for key " + key.keyId()));
        return unwrap(wrapped);
    }

    private KeyMaterial unwrap(WrappedMaterial wrapped) {
        if (!wrapped.rootKeyId().equals(rootKey.id())) {
            throw new IllegalStateException("material " + wrapped.materialId() + " is wrapped by root key "
                    + wrapped.rootKeyId() + ", not by the configured " + rootKey.id());
        }
        SecretBytes secret = rootKey.unwrap(wrapped.wrapped(), materialAad(wrapped.keyId(), wrapped.materialId()));
        return new KeyMaterial(wrapped.materialId(), secret);
    }

    /** AAD binding wrapped material to its key and version: purpose || key id || material id. */
    static byte[] materialAad(String keyId, String materialId) {
        byte[] ids = (keyId + materialId).getBytes(StandardCharsets.US_ASCII);
        byte[] aad = java.util.Arrays.copyOf(MATERIAL_PURPOSE, MATERIAL_PURPOSE.length + ids.length);
        System.arraycopy(ids, 0, aad, MATERIAL_PURPOSE.length, ids.length);
        return aad;
    }

    private static void checkTags(List<Tag> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new TagException("Too many tags");
        }
        Set<String> seen = new HashSet<>();
        for (Tag tag : tags) {
            if (tag.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new TagException("Tags beginning with aws: are reserved");
            }
            if (!seen.add(tag.key())) {
                throw new TagException("Duplicate tag keys");
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
