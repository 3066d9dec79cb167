package io.keysmith.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What falls due on a key with time: deletion once its waiting period has passed, the deletion of imported
 * material at its ValidTo, and automatic rotation once its period has. It runs when a key is read, so nothing depends on a scheduler being
 * on time, and from {@link #sweep()} for keys nobody reads.
 */
final class KeyUpkeep {
    private final KeyStore keys;
    private final KeyStore storedKeys;
    private final AliasStore aliases;
    private final GrantStore grants;
    private final MaterialVault vault;
    private final Clock clock;

    /**
     * @param keys       the store as the core reads it (through the key cache, when it is on)
     * @param storedKeys the store itself: a deletion, which cannot be undone, is decided on its record alone
     */
    KeyUpkeep(
            KeyStore keys,
            KeyStore storedKeys,
            AliasStore aliases,
            GrantStore grants,
            MaterialVault vault,
            Clock clock) {
        this.keys = keys;
        this.storedKeys = storedKeys;
        this.aliases = aliases;
        this.grants = grants;
        this.vault = vault;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The key after settling what is due: empty once deleted, rotated when rotation was due. */
    Optional<KeyRecord> settle(KeyRecord key) {
        Instant now = now();
        if (deletionDue(key, now)) {
            // A cached record may miss a CancelKeyDeletion made through another instance: read the store's own.
            Optional<KeyRecord> stored = storedKeys.find(key.keyId());
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            if (!deletionDue(stored.get(), now)) {
                return settle(stored.get());
            }
            aliases.deleteAllOf(key.keyId());
            grants.deleteAllOf(key.keyId());
            keys.delete(key.keyId());
            return Optional.empty();
        }
        if (ImportedKeys.expired(key, now)) {
            try {
                return Optional.of(ImportedKeys.expire(keys, key, now));
            } catch (KeyStore.StaleKeyException raced) {
                return keys.find(key.keyId()); // another reader expired it
            }
        }
        if (key.keyState() == KeyState.Enabled && key.rotation().dueAt(now)) {
            try {
                return Optional.of(rotate(key, RotationType.AUTOMATIC));
            } catch (KeyStore.StaleKeyException raced) {
                return keys.find(key.keyId()); // another reader rotated it
            }
        }
        return Optional.of(key);
    }

    private static boolean deletionDue(KeyRecord key, Instant now) {
        return key.keyState() == KeyState.PendingDeletion && !now.isBefore(key.deletionDate());
    }

    /** Adds a material version and makes it current; automatic rotation also moves the next due date. */
    KeyRecord rotate(KeyRecord key, RotationType rotationType) {
        Instant now = now();
        WrappedMaterial material = vault.create(key.keyId(), key.keySpec(), rotationType, now);
        Rotation r = key.rotation();
        Rotation next = rotationType == RotationType.AUTOMATIC
                ? new Rotation(
                        r.enabled(), r.periodInDays(), now.plus(Duration.ofDays(r.periodInDays())), r.onDemandCount())
                : new Rotation(r.enabled(), r.periodInDays(), r.nextRotationDate(), r.onDemandCount() + 1);
        KeyRecord rotated = key.withCurrentMaterial(material.materialId(), next);
        keys.addMaterial(rotated, material);
        return rotated;
    }

    /** Settles every key that is due; returns how many were deleted or rotated. */
    int sweep() {
        Instant now = now();
        int changed = 0;
        String after = null;
        do {
            Page<String> page = keys.dueKeyIds(now, 100, after);
            for (String keyId : page.items()) {
                // The due index may lag behind the key: read the key itself, and settle what it says.
                Optional<KeyRecord> key = keys.find(keyId);
                if (key.isEmpty()) {
                    continue;
                }
                Optional<KeyRecord> settled = settle(key.get());
                if (settled.isEmpty() || !settled.get().equals(key.get())) {
                    changed++;
                }
            }
            after = page.nextMarker();
        } while (after != null);
        return changed;
    }
}
