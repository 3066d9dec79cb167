package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.LimitExceededException;
import java.time.Duration;
import java.util.List;

/**
 * Key rotation: automatic rotation settings, on-demand rotation, and the list of rotations. A
 * rotation adds a material version and makes it current; blobs under older versions still decrypt.
 */
public final class RotationService {
    /** AWS's limit of on-demand rotations per key. */
    static final int ON_DEMAND_LIMIT = 25;

    private static final String ROTATIONS_LIST = "rotations";

    private final KeyStore keys;
    private final KeyResolver resolver;
    private final KeyUpkeep upkeep;
    private final Markers markers;

    RotationService(KeyStore keys, KeyResolver resolver, KeyUpkeep upkeep, Markers markers) {
        this.keys = keys;
        this.resolver = resolver;
        this.upkeep = upkeep;
        this.markers = markers;
    }

    public void enableKeyRotation(String keyId, Integer periodInDays) {
        int period = periodInDays == null ? Rotation.DEFAULT_PERIOD_DAYS : periodInDays;
        String id = rotatable(resolver.authorized(
                        keyId,
                        Use.OPERATE,
                        "EnableKeyRotation",
                        r -> r.key("kms:RotationPeriodInDays", Integer.toString(period))))
                .keyId();
        resolver.update(id, key -> {
            resolver.require(rotatable(key), Use.OPERATE);
            Rotation r = key.rotation();
            return key.withRotation(
                    new Rotation(true, period, upkeep.now().plus(Duration.ofDays(period)), r.onDemandCount()));
        });
    }

    public void disableKeyRotation(String keyId) {
        String id = rotatable(resolver.authorized(keyId, Use.OPERATE, "DisableKeyRotation"))
                .keyId();
        resolver.update(id, key -> {
            resolver.require(rotatable(key), Use.OPERATE);
            Rotation r = key.rotation();
            return r.enabled() ? key.withRotation(new Rotation(false, r.periodInDays(), null, r.onDemandCount())) : key;
        });
    }

    public KeyRotationStatus getKeyRotationStatus(String keyId) {
        KeyRecord key = rotatable(resolver.authorized(keyId, Use.MANAGE, "GetKeyRotationStatus"));
        return new KeyRotationStatus(resolver.arn(key), key.rotation());
    }

    public String rotateKeyOnDemand(String keyId) {
        KeyRecord found = resolver.authorized(keyId, Use.OPERATE, "RotateKeyOnDemand");
        // A symmetric key of imported material rotates to the material imported as NEW_KEY_MATERIAL.
        KeyRecord key = found.origin() == Origin.EXTERNAL && found.isSymmetric() ? found : rotatable(found);
        if (key.rotation().onDemandCount() >= ON_DEMAND_LIMIT) {
            throw new LimitExceededException("The on-demand rotations limit has been reached for the given keyId. "
                    + "No more on-demand rotations can be performed for this key: " + resolver.arn(key));
        }
        if (key.origin() == Origin.EXTERNAL) {
            ImportedKeys.rotateToPending(keys, key, resolver.arn(key));
        } else {
            upkeep.rotate(key, RotationType.ON_DEMAND);
        }
        return resolver.arn(key);
    }

    /** Rotated material versions, oldest first; with {@code allMaterial}, the key's first material too. */
    public Page<RotationEntry> listKeyRotations(String keyId, boolean allMaterial, int limit, String marker) {
        KeyRecord found = resolver.authorized(keyId, Use.MANAGE, "ListKeyRotations");
        // Symmetric keys of imported material list their materials too, with how each was imported.
        KeyRecord key = found.origin() == Origin.EXTERNAL && found.isSymmetric() ? found : rotatable(found);
        String arn = resolver.arn(key);
        List<RotationEntry> entries = keys.materials(key.keyId()).stream()
                .filter(m -> allMaterial || m.rotationType() != null)
                .map(m -> new RotationEntry(
                        arn,
                        m.materialId(),
                        m.materialId().equals(key.currentMaterialId()),
                        m.creationDate(),
                        m.rotationType(),
                        m.imported(),
                        m.hasSecret()))
                .toList();
        return markers.slice(ROTATIONS_LIST, entries, RotationEntry::materialId, marker, limit);
    }

    /** Only symmetric keys with AWS_KMS material rotate; AWS answers others with an empty message. */
    private KeyRecord rotatable(KeyRecord key) {
        if (key.keyState() == KeyState.PendingImport) {
            resolver.require(key, Use.OPERATE);
        }
        if (!key.isSymmetric()) {
            throw new KmsUnsupportedOperationException("");
        }
        if (key.origin() != Origin.AWS_KMS) {
            throw new KmsUnsupportedOperationException(
                    resolver.arn(key) + " origin is " + key.origin() + " which is not valid for this operation.");
        }
        return key;
    }
}
