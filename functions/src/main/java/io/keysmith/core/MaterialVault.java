package io.keysmith.core;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes key material, wraps it under the current root key, and opens it again with whichever root
 * key wrapped it: the current one, or an earlier one that a migration has not yet moved away from.
 */
final class MaterialVault {
    private final KeyStore keys;
    private final RootKey rootKey;
    private final List<RootKey> earlierRootKeys;
    private final Randomness randomness;
    private final KeyCache cache;

    MaterialVault(KeyStore keys, RootKey rootKey, List<RootKey> earlierRootKeys, Randomness randomness) {
        this(keys, rootKey, earlierRootKeys, randomness, KeyCache.off());
    }

    /** With {@code cache} keeping opened material for its TTL (an unwrap is an HSM call with a PKCS#11 root key). */
    MaterialVault(
            KeyStore keys, RootKey rootKey, List<RootKey> earlierRootKeys, Randomness randomness, KeyCache cache) {
        this.cache = cache;
        this.keys = keys;
        this.rootKey = rootKey;
        this.earlierRootKeys = List.copyOf(earlierRootKeys);
        this.randomness = randomness;
    }

    /** New material for a key of {@code keySpec}, wrapped and ready to store. */
    WrappedMaterial create(String keyId, KeySpec keySpec, RotationType rotationType, Instant now) {
        String materialId = HexFormat.of().formatHex(randomness.bytes(32));
        KeySpecs.NewMaterial fresh = KeySpecs.generate(keySpec, randomness.generator());
        try (SecretBytes secret = fresh.secret()) {
            byte[] wrapped = MaterialWraps.wrap(rootKey, keyId, materialId, secret, randomness.generator());
            return new WrappedMaterial(
                    keyId,
                    materialId,
                    wrapped,
                    rootKey.id(),
                    MaterialWraps.CURRENT,
                    now,
                    rotationType,
                    fresh.publicKey());
        }
    }

    KeyMaterial current(KeyRecord key) {
        return version(key.keyId(), key.currentMaterialId())
                .orElseThrow(() -> new IllegalStateException("current material missing for key " + key.keyId()));
    }

    /** The material, opened; the caller closes it. */
    Optional<KeyMaterial> version(String keyId, String materialId) {
        // Imported material that was deleted or expired has no secret left to open.
        return cache.material(
                keyId,
                materialId,
                () -> keys.findMaterial(keyId, materialId)
                        .filter(WrappedMaterial::hasSecret)
                        .map(this::open));
    }

    private KeyMaterial open(WrappedMaterial wrapped) {
        RootKey wrapper = Stream.concat(Stream.of(rootKey), earlierRootKeys.stream())
                .filter(r -> r.id().equals(wrapped.rootKeyId()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("material " + wrapped.materialId()
                        + " is wrapped by root key " + wrapped.rootKeyId() + ", which is not configured"));
        try {
            return new KeyMaterial(wrapped.materialId(), MaterialWraps.unwrap(wrapper, wrapped));
        } catch (AesGcm.NotAuthenticException e) {
            throw new IllegalStateException(
                    "material " + wrapped.materialId() + " of key " + wrapped.keyId() + " does not open with root key "
                            + wrapped.rootKeyId() + " (wrap format " + wrapped.wrapFormat() + ")");
        }
    }
}
