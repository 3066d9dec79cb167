package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.ExpiredImportTokenException;
import io.keysmith.core.errors.IncorrectKeyMaterialException;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.core.errors.ValidationException;
import io.keysmith.policy.RequestContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Imported key material, as AWS KMS has it: GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial
 * on keys of Origin EXTERNAL. Each authorizes its caller first. The wrapping private key lives only sealed in the
 * import token ({@link ImportTokens}); imported material is wrapped under the root key like any other
 * ({@link MaterialWraps}), and its id is a SHA-256 digest of the key id and the material, so that the same material
 * imported again has the same id and different material never does, under whichever root key (a root-key migration
 * cannot recompute anything from deleted material). The material is at least 28 random bytes or a private key, so
 * the digest gives nothing away.
 */
public final class ImportService {
    /** How long a wrapping key and its token are valid, as in AWS. */
    static final Duration PARAMETERS_VALIDITY = Duration.ofHours(24);
    /** The furthest ValidTo AWS accepts. */
    static final Duration MAX_VALIDITY = Duration.ofDays(365);

    private static final int MAX_ATTEMPTS = 8;
    private static final byte[] MATERIAL_ID_PURPOSE =
            "keysmith/v1/imported-material-id".getBytes(StandardCharsets.US_ASCII);

    private final KeyStore keys;
    private final KeyResolver resolver;
    private final KeyUpkeep upkeep;
    private final RootKey rootKey;
    private final Randomness randomness;
    private final ImportTokens tokens;

    ImportService(KeyStore keys, KeyResolver resolver, KeyUpkeep upkeep, RootKey rootKey, Randomness randomness) {
        this.keys = keys;
        this.resolver = resolver;
        this.upkeep = upkeep;
        this.rootKey = rootKey;
        this.randomness = randomness;
        this.tokens = new ImportTokens(rootKey, randomness);
    }

    public ImportParameters getParametersForImport(
            String keyId, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
        KeyRecord key = resolver.authorized(
                keyId,
                "GetParametersForImport",
                r -> r.key("kms:WrappingAlgorithm", algorithm.name())
                        .key("kms:WrappingKeySpec", wrappingKeySpec.name()));
        requireExternal(key);
        resolver.require(key, Use.MANAGE);
        ImportedMaterial.checkWrapping(key.keySpec(), algorithm, wrappingKeySpec);
        Instant validTo = upkeep.now().plus(PARAMETERS_VALIDITY);
        ImportTokens.Issued issued = tokens.issue(key.keyId(), algorithm, wrappingKeySpec, validTo);
        return new ImportParameters(resolver.arn(key), issued.token(), issued.publicKey(), validTo);
    }

    public ImportResult importKeyMaterial(ImportRequest request) {
        ExpirationModel model =
                request.expirationModel() == null ? ExpirationModel.KEY_MATERIAL_EXPIRES : request.expirationModel();
        // To the millisecond, as the stores keep instants.
        Instant validTo = request.validTo() == null ? null : request.validTo().truncatedTo(ChronoUnit.MILLIS);
        checkExpiry(model, validTo);
        Consumer<RequestContext.Builder> conditions = r -> {
            r.key("kms:ExpirationModel", model.name());
            if (validTo != null) {
                r.key("kms:ValidTo", Long.toString(validTo.getEpochSecond()));
            }
        };
        KeyRecord key = resolver.authorized(request.keyId(), "ImportKeyMaterial", conditions);
        requireExternal(key);
        resolver.require(key, Use.MANAGE);
        if (!key.isSymmetric() && (request.description() != null || request.keyMaterialId() != null)) {
            throw new ValidationException(
                    "KeyMaterialDescription and KeyMaterialId are valid only for symmetric encryption KMS keys.");
        }
        if (request.importType() == ImportType.NEW_KEY_MATERIAL && request.keyMaterialId() != null) {
            throw new ValidationException("You cannot specify a KeyMaterialId when ImportType is NEW_KEY_MATERIAL.");
        }
        try (ImportTokens.Opened token = tokens.open(request.importToken())) {
            if (!token.keyId().equals(key.keyId())) {
                throw ImportTokens.invalid();
            }
            if (upkeep.now().isAfter(token.validTo())) {
                throw new ExpiredImportTokenException("The import token is expired. Use GetParametersForImport to get "
                        + "a new import token and public key.");
            }
            try (SecretBytes plaintext = ImportedMaterial.unwrap(token, request.encryptedKeyMaterial())) {
                KeySpecs.NewMaterial checked = ImportedMaterial.checked(key.keySpec(), plaintext);
                try (SecretBytes normalized = checked.secret()) {
                    String materialId = materialId(key.keyId(), normalized.reveal());
                    if (request.keyMaterialId() != null
                            && !MessageDigest.isEqual(
                                    request.keyMaterialId().getBytes(StandardCharsets.US_ASCII),
                                    materialId.getBytes(StandardCharsets.US_ASCII))) {
                        throw new IncorrectKeyMaterialException(
                                "The key material does not match KeyMaterialId " + request.keyMaterialId() + ".");
                    }
                    MaterialImport imported = new MaterialImport(model, validTo, request.description(), false);
                    store(key.keyId(), request.importType(), materialId, normalized, checked.publicKey(), imported);
                    return new ImportResult(resolver.arn(key), materialId);
                }
            }
        }
    }

    /** Writes the import, reading the key again when another writer changed it first. */
    private void store(
            String keyId,
            ImportType requestedType,
            String materialId,
            SecretBytes secret,
            byte[] publicKey,
            MaterialImport imported) {
        for (int attempt = 1; ; attempt++) {
            KeyRecord key = resolver.findKey(keyId);
            resolver.require(key, Use.MANAGE);
            List<WrappedMaterial> materials = keys.materials(keyId);
            Optional<WrappedMaterial> existing = materials.stream()
                    .filter(m -> m.materialId().equals(materialId))
                    .findFirst();
            ImportType type = requestedType != null
                    ? requestedType
                    : materials.isEmpty() ? ImportType.NEW_KEY_MATERIAL : ImportType.EXISTING_KEY_MATERIAL;
            WrappedMaterial written;
            KeyRecord changed = key;
            if (type == ImportType.EXISTING_KEY_MATERIAL) {
                WrappedMaterial previous = existing.orElseThrow(() -> new IncorrectKeyMaterialException(
                        "The key material is not the key material that was previously imported into KMS key "
                                + resolver.arn(key) + "."));
                MaterialImport kept = new MaterialImport(
                        imported.expirationModel(),
                        imported.validTo(),
                        imported.description() != null
                                ? imported.description()
                                : previous.imported() == null
                                        ? null
                                        : previous.imported().description(),
                        previous.pendingRotation());
                written = wrap(keyId, materialId, secret, previous.creationDate(), previous.rotationType(), publicKey)
                        .withImport(kept);
            } else {
                if (existing.isPresent()) {
                    throw new IncorrectKeyMaterialException("The key material is already associated with KMS key "
                            + resolver.arn(key) + ". Import it with ImportType EXISTING_KEY_MATERIAL.");
                }
                if (materials.isEmpty()) {
                    written = wrap(keyId, materialId, secret, upkeep.now(), null, publicKey)
                            .withImport(imported);
                    changed = key.withCurrentMaterial(materialId, key.rotation());
                } else if (!key.isSymmetric()) {
                    throw new IncorrectKeyMaterialException("KMS key " + resolver.arn(key) + " has key material "
                            + "already; only symmetric encryption KMS keys take new key material.");
                } else {
                    Optional<WrappedMaterial> pending = materials.stream()
                            .filter(WrappedMaterial::pendingRotation)
                            .findFirst();
                    if (pending.isPresent()) {
                        throw new KmsInvalidStateException("New key material (id: " + materialId
                                + ") cannot be imported into KMS key " + resolver.arn(key)
                                + ", because another key material (id: "
                                + pending.get().materialId()
                                + ") is pending rotation.");
                    }
                    written = wrap(keyId, materialId, secret, upkeep.now(), null, publicKey)
                            .withImport(imported.withPendingRotation(true));
                }
            }
            KeyRecord settled = ImportedKeys.settled(changed, ImportedKeys.replacing(materials, written));
            try {
                keys.changeMaterials(settled, List.of(written), List.of());
                return;
            } catch (KeyStore.StaleKeyException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public ImportResult deleteImportedKeyMaterial(String keyId, String keyMaterialId) {
        KeyRecord found = resolver.authorized(keyId, "DeleteImportedKeyMaterial", KeyAccess.NO_CONDITIONS);
        requireExternal(found);
        for (int attempt = 1; ; attempt++) {
            KeyRecord key = resolver.findKey(found.keyId());
            String target = keyMaterialId != null ? keyMaterialId : key.currentMaterialId();
            if (target == null) {
                throw new KmsInvalidStateException(resolver.arn(key) + " is pending import.");
            }
            List<WrappedMaterial> materials = keys.materials(key.keyId());
            WrappedMaterial material = materials.stream()
                    .filter(m -> m.materialId().equals(target))
                    .findFirst()
                    .orElseThrow(() -> new NotFoundException(
                            "Key material " + target + " is not found for KMS key " + resolver.arn(key) + "."));
            List<WrappedMaterial> written;
            List<String> removed;
            List<WrappedMaterial> after;
            if (material.pendingRotation()) {
                // Not yet associated with the key: it goes entirely, and other material may take its place.
                written = List.of();
                removed = List.of(target);
                after = materials.stream()
                        .filter(m -> !m.materialId().equals(target))
                        .toList();
            } else {
                WrappedMaterial without = material.withoutSecret();
                written = List.of(without);
                removed = List.of();
                after = ImportedKeys.replacing(materials, without);
            }
            try {
                keys.changeMaterials(ImportedKeys.settled(key, after), written, removed);
                return new ImportResult(resolver.arn(key), target);
            } catch (KeyStore.StaleKeyException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private WrappedMaterial wrap(
            String keyId,
            String materialId,
            SecretBytes secret,
            Instant created,
            RotationType rotationType,
            byte[] publicKey) {
        byte[] wrapped = MaterialWraps.wrap(rootKey, keyId, materialId, secret, randomness.generator());
        return new WrappedMaterial(
                keyId, materialId, wrapped, rootKey.id(), MaterialWraps.CURRENT, created, rotationType, publicKey);
    }

    /** SHA-256(purpose || 0x00 || key id || 0x00 || material), in hex: 64 characters like any material id. */
    static String materialId(String keyId, byte[] material) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(MATERIAL_ID_PURPOSE);
            sha256.update((byte) 0);
            sha256.update(keyId.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(material));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private void checkExpiry(ExpirationModel model, Instant validTo) {
        if (model == ExpirationModel.KEY_MATERIAL_EXPIRES) {
            if (validTo == null) {
                throw new ValidationException(
                        "A validTo date must be set if the ExpirationModel is " + "KEY_MATERIAL_EXPIRES");
            }
            Instant now = upkeep.now();
            if (!validTo.isAfter(now)) {
                throw new ValidationException("The validTo date must be in the future.");
            }
            if (validTo.isAfter(now.plus(MAX_VALIDITY))) {
                throw new ValidationException("The validTo date must be at most 365 days from now.");
            }
        } else if (validTo != null) {
            throw new ValidationException(
                    "A validTo date must not be set if the ExpirationModel is " + "KEY_MATERIAL_DOES_NOT_EXPIRE");
        }
    }

    private void requireExternal(KeyRecord key) {
        if (key.origin() != Origin.EXTERNAL) {
            throw new KmsUnsupportedOperationException(
                    resolver.arn(key) + " origin is " + key.origin() + " which is not valid for this operation.");
        }
    }
}
