package io.keysmith.core;

import io.keysmith.core.errors.KmsInvalidStateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of an EXTERNAL key follows from its material: it can be used once every material permanently associated
 * with it (all but one waiting for rotation) is imported, and its expiry is the earliest of theirs. Import, deletion,
 * expiry and on-demand rotation all write the key and its material in one transaction.
 */
final class ImportedKeys {
    private ImportedKeys() {}

    /** The key once its materials are {@code materials}: state, expiration model and expiry. */
    static KeyRecord settled(KeyRecord key, List<WrappedMaterial> materials) {
        List<WrappedMaterial> associated =
                materials.stream().filter(m -> !m.pendingRotation()).toList();
        boolean complete = !associated.isEmpty() && associated.stream().allMatch(WrappedMaterial::hasSecret);
        KeyState state = key.keyState();
        if (state != KeyState.PendingDeletion) {
            if (!complete) {
                state = KeyState.PendingImport;
            } else if (state == KeyState.PendingImport) {
                state = KeyState.Enabled;
            }
        }
        if (!complete) {
            return key.withImport(state, null, null);
        }
        ExpirationModel model = ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE;
        Instant validTo = null;
        for (WrappedMaterial m : associated) {
            MaterialImport imported = m.imported();
            if (imported != null && imported.expirationModel() == ExpirationModel.KEY_MATERIAL_EXPIRES) {
                model = ExpirationModel.KEY_MATERIAL_EXPIRES;
                validTo = validTo == null || imported.validTo().isBefore(validTo) ? imported.validTo() : validTo;
            }
        }
        return key.withImport(state, model, validTo);
    }

    /** {@code materials} with {@code changed} in place of the material of the same id, or added. */
    static List<WrappedMaterial> replacing(List<WrappedMaterial> materials, WrappedMaterial changed) {
        List<WrappedMaterial> out = new ArrayList<>(materials);
        out.removeIf(m -> m.materialId().equals(changed.materialId()));
        out.add(changed);
        return out;
    }

    /** Whether imported material of the key has expired by {@code now}. */
    static boolean expired(KeyRecord key, Instant now) {
        return key.validTo() != null
                && (key.keyState() == KeyState.Enabled || key.keyState() == KeyState.Disabled)
                && !now.isBefore(key.validTo());
    }

    /** Deletes the key's expired material, as AWS does at its ValidTo; the key is then pending import. */
    static KeyRecord expire(KeyStore keys, KeyRecord key, Instant now) {
        List<WrappedMaterial> materials = new ArrayList<>(keys.materials(key.keyId()));
        List<WrappedMaterial> wiped = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (WrappedMaterial m : List.copyOf(materials)) {
            MaterialImport imported = m.imported();
            if (m.hasSecret()
                    && imported != null
                    && imported.expirationModel() == ExpirationModel.KEY_MATERIAL_EXPIRES
                    && !now.isBefore(imported.validTo())) {
                materials.remove(m);
                if (m.pendingRotation()) {
                    removed.add(m.materialId());
                } else {
                    WrappedMaterial without = m.withoutSecret();
                    wiped.add(without);
                    materials.add(without);
                }
            }
        }
        KeyRecord settled = settled(key, materials);
        keys.changeMaterials(settled, wiped, removed);
        return settled.nextVersion();
    }

    /**
     * RotateKeyOnDemand of a symmetric EXTERNAL key: the material imported as NEW_KEY_MATERIAL becomes current.
     *
     * @return the rotated key as stored
     */
    static KeyRecord rotateToPending(KeyStore keys, KeyRecord key, String arn) {
        WrappedMaterial pending = keys.materials(key.keyId()).stream()
                .filter(WrappedMaterial::pendingRotation)
                .findFirst()
                .orElseThrow(() -> new KmsInvalidStateException(
                        "No available key material pending rotation for the key: " + arn + "."));
        WrappedMaterial rotated = pending.withImport(pending.imported().withPendingRotation(false))
                .withRotationType(RotationType.ON_DEMAND);
        Rotation r = key.rotation();
        KeyRecord next = key.withCurrentMaterial(
                rotated.materialId(),
                new Rotation(r.enabled(), r.periodInDays(), r.nextRotationDate(), r.onDemandCount() + 1));
        KeyRecord settled = settled(next, replacing(keys.materials(key.keyId()), rotated));
        keys.changeMaterials(settled, List.of(rotated), List.of());
        return settled.nextVersion();
    }
}
