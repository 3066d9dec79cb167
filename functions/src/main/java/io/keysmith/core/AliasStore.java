package io.keysmith.core;

import java.util.Optional;

/** Storage port for aliases. */
public interface AliasStore {
    /** Creates the alias only if the name is free and the target key exists, atomically. */
    CreateOutcome create(AliasRecord alias);

    enum CreateOutcome { CREATED, NAME_TAKEN, TARGET_MISSING }

    Optional<AliasRecord> find(String aliasName);

    /** Aliases in name order, of one key when {@code targetKeyId} is not null, after {@code afterName}. */
    Page<AliasRecord> list(String targetKeyId, int limit, String afterName);
}
