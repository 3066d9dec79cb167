package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.AlreadyExistsException;
import io.keysmith.core.errors.NotAuthorizedException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.core.errors.ValidationException;
import java.time.Instant;

/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases, with the alias rules AWS enforces. */
public final class AliasService {
    private static final String ALIASES_LIST = "aliases";
    private static final String PREFIX = "alias/";
    private static final String NOT_A_KEY = "Aliases must refer to keys. Not aliases";

    private final AliasStore aliases;
    private final KeyResolver resolver;
    private final KmsLocation location;
    private final KeyUpkeep upkeep;
    private final Markers markers;

    AliasService(AliasStore aliases, KeyResolver resolver, KmsLocation location, KeyUpkeep upkeep, Markers markers) {
        this.aliases = aliases;
        this.resolver = resolver;
        this.location = location;
        this.upkeep = upkeep;
        this.markers = markers;
    }

    public void createAlias(String aliasName, String targetKeyId) {
        checkName(aliasName);
        // Only on create: an alias named so by an earlier version can still be updated and deleted.
        if (aliasName.equals(PREFIX)) {
            throw new ValidationException("Alias must have a name after the prefix \"alias/\". "
                    + "Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        KeyRecord key = resolver.resolveKeyOnly(targetKeyId, NOT_A_KEY);
        authorizeOnAliasAndKey("CreateAlias", aliasName, key);
        resolver.require(key, Use.MANAGE);
        Instant now = upkeep.now();
        switch (aliases.create(new AliasRecord(aliasName, key.keyId(), now, now))) {
            case NAME_TAKEN ->
                throw new AlreadyExistsException(
                        "An alias with the name " + location.aliasArn(aliasName) + " already exists");
            case TARGET_MISSING -> throw resolver.keyNotFound(key.keyId());
            default -> {}
        }
    }

    /** The new target must be a key of the same type and usage as the current one, as in AWS. */
    public void updateAlias(String aliasName, String targetKeyId) {
        checkName(aliasName);
        requireLocalCaller(aliasName);
        AliasRecord alias = aliases.find(aliasName).orElseThrow(() -> aliasNotFound(aliasName));
        KeyRecord target = resolver.resolveKeyOnly(targetKeyId, NOT_A_KEY);
        // AWS asks for kms:UpdateAlias on the alias, the key it points to now, and the new target.
        authorizeOnAliasAndKey("UpdateAlias", aliasName, target);
        resolver.settleAndFind(alias.targetKeyId())
                .ifPresent(current -> resolver.access().authorize(current, "UpdateAlias", KeyAccess.NO_CONDITIONS));
        resolver.require(target, Use.MANAGE);
        resolver.settleAndFind(alias.targetKeyId()).ifPresent(current -> {
            if (current.keyUsage() != target.keyUsage() || current.isSymmetric() != target.isSymmetric()) {
                throw new ValidationException("Alias " + location.aliasArn(aliasName) + " cannot be changed from a key "
                        + "of type " + current.keySpec() + "/" + current.keyUsage() + " to a key of type "
                        + target.keySpec() + "/" + target.keyUsage() + ".");
            }
        });
        switch (aliases.update(aliasName, target.keyId(), upkeep.now())) {
            case ALIAS_MISSING -> throw aliasNotFound(aliasName);
            case TARGET_MISSING -> throw resolver.keyNotFound(target.keyId());
            default -> {}
        }
    }

    public void deleteAlias(String aliasName) {
        checkName(aliasName);
        requireLocalCaller(aliasName);
        AliasRecord alias = aliases.find(aliasName).orElseThrow(() -> aliasNotFound(aliasName));
        resolver.access().authorizeWithoutKey("DeleteAlias", location.aliasArn(aliasName), KeyAccess.NO_CONDITIONS);
        resolver.settleAndFind(alias.targetKeyId())
                .ifPresent(key -> resolver.access().authorize(key, "DeleteAlias", KeyAccess.NO_CONDITIONS));
        if (!aliases.delete(aliasName)) {
            throw aliasNotFound(aliasName);
        }
    }

    public Page<AliasRecord> listAliases(String keyId, int limit, String marker) {
        resolver.access().authorizeWithoutKey("ListAliases", null, KeyAccess.NO_CONDITIONS);
        String targetKeyId = keyId == null
                ? null
                : resolver.resolveKeyOnly(keyId, "Value for KeyId must be a key ID or key ARN, not an alias")
                        .keyId();
        return markers.encodePage(ALIASES_LIST, aliases.list(targetKeyId, limit, markers.decode(ALIASES_LIST, marker)));
    }

    /** The alias side, which the service policy decides on the alias ARN, and the key side, its key policy. */
    private void authorizeOnAliasAndKey(String operation, String aliasName, KeyRecord key) {
        requireLocalCaller(aliasName);
        resolver.access().authorizeWithoutKey(operation, location.aliasArn(aliasName), KeyAccess.NO_CONDITIONS);
        resolver.access().authorize(key, operation, KeyAccess.NO_CONDITIONS);
    }

    /** Aliases belong to the deployment's account: another account's caller finds none of them. */
    private void requireLocalCaller(String aliasName) {
        if (!resolver.access().callerIsLocal()) {
            throw aliasNotFound(aliasName);
        }
    }

    private static void checkName(String aliasName) {
        if (!aliasName.startsWith("alias/")) {
            throw new ValidationException("Alias must start with the prefix \"alias/\". "
                    + "Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        if (aliasName.startsWith("alias/aws/")) {
            throw new NotAuthorizedException("Cannot create, update or delete an alias with the prefix 'alias/aws/': "
                    + "it is reserved for AWS managed keys.");
        }
    }

    private NotFoundException aliasNotFound(String aliasName) {
        return new NotFoundException("Alias " + location.aliasArn(aliasName) + " is not found.");
    }
}
