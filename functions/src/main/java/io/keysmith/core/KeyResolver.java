package io.keysmith.core;

import io.keysmith.core.errors.DisabledException;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.policy.RequestContext;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Finds the key a caller names, settles what is due on it (a deletion whose window has passed, an
 * automatic rotation), authorizes the caller's action on it, checks its state for the intended use, and applies
 * read-modify-write changes. Only a caller of the deployment's account names keys by alias or bare key id; a caller
 * of another account names them by key ARN, as in AWS.
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
    private final KeyAccess access;

    KeyResolver(KeyStore keys, AliasStore aliases, KmsLocation location, KeyUpkeep upkeep, KeyAccess access) {
        this.keys = keys;
        this.aliases = aliases;
        this.location = location;
        this.upkeep = upkeep;
        this.access = access;
    }

    KeyAccess access() {
        return access;
    }

    /** The named key once the caller may take {@code kms:<operation>} on it, checked for {@code use}. */
    KeyRecord authorized(String keyId, Use use, String operation, Consumer<RequestContext.Builder> conditions) {
        KeyRecord key = authorized(keyId, operation, conditions);
        require(key, use);
        return key;
    }

    KeyRecord authorized(String keyId, Use use, String operation) {
        return authorized(keyId, use, operation, KeyAccess.NO_CONDITIONS);
    }

    /** The named key once the caller may take {@code kms:<operation>} on it, in whatever state. */
    KeyRecord authorized(String keyId, String operation, Consumer<RequestContext.Builder> conditions) {
        KeyRecord key = resolve(keyId);
        access.authorize(key, operation, conditions);
        return key;
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
            requireKeyArnFromOtherAccounts(keyId, reference.keyId());
            return findKey(reference.keyId());
        }
        NotFoundException notFound =
                new NotFoundException("Alias " + location.aliasArn(reference.aliasName()) + " is not found.");
        // A name longer than any alias can have names none; the store would reject it as a key too long.
        // Aliases belong to the deployment's account: another account's caller never resolves them.
        if (reference.aliasName().length() > MAX_ALIAS_NAME_LENGTH || !access.callerIsLocal()) {
            throw notFound;
        }
        AliasRecord alias = aliases.find(reference.aliasName()).orElseThrow(() -> notFound);
        KeyRecord key = findKey(alias.targetKeyId());
        CallScope.current().notedAlias(key.keyId(), reference.aliasName());
        return key;
    }

    /** In AWS a bare key id names a key of the caller's own account, so another account's caller needs the ARN. */
    private void requireKeyArnFromOtherAccounts(String given, String keyId) {
        if (!given.startsWith("arn:") && !access.callerIsLocal()) {
            String callerAccountArn = "arn:" + location.partition() + ":kms:" + location.region() + ":"
                    + access.caller().account() + ":key/" + keyId;
            throw new NotFoundException("Key '" + callerAccountArn + "' does not exist");
        }
    }

    /** A key named by id or key ARN only, as alias targets and filters require. */
    KeyRecord resolveKeyOnly(String keyId, String notAKeyMessage) {
        KeyReference reference = KeyReference.parse(keyId, location);
        if (reference.isAlias()) {
            throw new io.keysmith.core.errors.ValidationException(notAKeyMessage);
        }
        requireKeyArnFromOtherAccounts(keyId, reference.keyId());
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
