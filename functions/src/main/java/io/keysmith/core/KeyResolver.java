package io.keysmith.core;

import io.keysmith.core.errors.DisabledException;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.NotFoundException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds the key a caller names, settles what is due on it (a deletion whose window has passed, an
 * automatic rotation), checks its state for the intended use, and applies read-modify-write changes.
 */
final class KeyResolver {
    private static final int MAX_UPDATE_ATTEMPTS = 8;
    /** AliasNameType's maximum length in the service model. */
    static final int MAX_ALIAS_NAME_LENGTH = 256;

    /** How an operation uses a key, which decides the states it accepts. */
    enum Use {
        /** Describe and list: any state. */
        READ,
        /** Change metadata, tags or aliases: not while pending deletion. */
        MANAGE,
        /** Cryptography and rotation: only an enabled key. */
        OPERATE
    }

    private final KeyStore keys;
    private final AliasStore aliases;
    private final KmsLocation location;
    private final KeyUpkeep upkeep;

    KeyResolver(KeyStore keys, AliasStore aliases, KmsLocation location, KeyUpkeep upkeep) {
        this.keys = keys;
        this.aliases = aliases;
        this.location = location;
        this.upkeep = upkeep;
    }

    String arn(KeyRecord key) {
        return location.keyArn(key.keyId());
    }

    /** The key named by a key id, key ARN, alias name or alias ARN, checked for {@code use}. */
    KeyRecord resolve(String keyId, Use use) {
        KeyRecord key = resolve(keyId);
        require(key, use);
        return key;
    }

    KeyRecord resolve(String keyId) {
        KeyReference reference = KeyReference.parse(keyId, location);
        if (!reference.isAlias()) {
            return findKey(reference.keyId());
        }
        NotFoundException notFound =
                new NotFoundException("Alias " + location.aliasArn(reference.aliasName()) + " is not found.");
        // A name longer than any alias can have names none; the store would reject it as a key too long.
        if (reference.aliasName().length() > MAX_ALIAS_NAME_LENGTH) {
            throw notFound;
        }
        AliasRecord alias = aliases.find(reference.aliasName()).orElseThrow(() -> notFound);
        return findKey(alias.targetKeyId());
    }

    /** A key named by id or key ARN only, as alias targets and filters require. */
    KeyRecord resolveKeyOnly(String keyId, String notAKeyMessage) {
        KeyReference reference = KeyReference.parse(keyId, location);
        if (reference.isAlias()) {
            throw new io.keysmith.core.errors.ValidationException(notAKeyMessage);
        }
        return findKey(reference.keyId());
    }

    /** The key, settled as {@link #settleAndFind} does; NotFoundException when it does not exist. */
    KeyRecord findKey(String keyId) {
        return noted(settleAndFind(keyId).orElseThrow(() -> keyNotFound(keyId)));
    }

    /** Notes the key a request names, for its audit line. */
    KeyRecord noted(KeyRecord key) {
        ResolvedKey.record(arn(key));
        return key;
    }

    /**
     * The key as it stands now; empty when it does not exist. Not a plain read: a deletion or a
     * rotation that has fallen due is carried out (and stored) first.
     */
    Optional<KeyRecord> settleAndFind(String keyId) {
        return keys.find(keyId).flatMap(upkeep::settle);
    }

    NotFoundException keyNotFound(String keyId) {
        return new NotFoundException("Key '" + location.keyArn(keyId) + "' does not exist");
    }

    void require(KeyRecord key, Use use) {
        if (use == Use.READ) {
            return;
        }
        String arn = arn(key);
        switch (key.keyState()) {
            case PendingDeletion -> throw new KmsInvalidStateException(arn + " is pending deletion.");
            case Disabled -> {
                if (use == Use.OPERATE) {
                    throw new DisabledException(arn + " is disabled.");
                }
            }
            case PendingImport -> {
                if (use == Use.OPERATE) {
                    throw new KmsInvalidStateException(arn + " is pending import.");
                }
            }
            case Enabled -> {}
            // States of multi-Region keys and custom key stores, which Keysmith refuses to create.
            case Creating, Updating, Unavailable, PendingReplicaDeletion ->
                throw new IllegalStateException("a key in state " + key.keyState() + " cannot come from Keysmith");
        }
    }

    /**
     * Applies {@code change} to the freshest copy of the key and stores it; when another writer got
     * there first, reads again and reapplies, so that the change's own checks see the latest state.
     */
    KeyRecord update(String keyId, UnaryOperator<KeyRecord> change) {
        for (int attempt = 1; ; attempt++) {
            KeyRecord current = findKey(keyId);
            KeyRecord changed = change.apply(current);
            if (changed.equals(current)) {
                return current;
            }
            try {
                keys.update(changed);
                return changed;
            } catch (KeyStore.StaleKeyException e) {
                if (attempt == MAX_UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
