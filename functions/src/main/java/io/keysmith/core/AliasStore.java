package io.keysmith.core;

import java.util.Optional;

/** Storage port for aliases. */
public interface AliasStore {
    /** Creates the alias only if the name is free and the target key exists, atomically. */
    Outcome create(AliasRecord alias);

    /** Points an existing alias at another existing key, atomically. */
    Outcome update(String aliasName, String targetKeyId, java.time.Instant now);

    /** Deletes an alias; false when there was no such alias. */
    boolean delete(String aliasName);

    /** Deletes every alias of a key, as AWS does when the key is deleted. */
    void deleteAllOf(String targetKeyId);

    Optional<AliasRecord> find(String aliasName);

    /** Aliases in name order, of one key when {@code targetKeyId} is not null, after {@code afterName}. */
    Page<AliasRecord> list(String targetKeyId, int limit, String afterName);

    enum Outcome {
        DONE,
        NAME_TAKEN,
        ALIAS_MISSING,
        TARGET_MISSING
    }
}
