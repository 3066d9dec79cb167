package io.keysmith.core;

import java.time.Clock;
import java.util.List;

/** The whole core, wired from its ports: one service per group of operations. */
public final class Keysmith {
    private final KmsLocation location;
    private final KeyUpkeep upkeep;
    private final KeyService keys;
    private final AliasService aliases;
    private final RotationService rotations;
    private final CryptoService crypto;
    private final GrantService grants;

    public Keysmith(
            KeyStore keyStore,
            AliasStore aliasStore,
            RootKey rootKey,
            KmsLocation location,
            Randomness randomness,
            Clock clock) {
        this(keyStore, aliasStore, rootKey, List.of(), location, randomness, clock);
    }

    /**
     * @param rootKey         wraps new material, and opens what it wrapped
     * @param earlierRootKeys only open material they wrapped, while a root-key migration is under way
     */
    public Keysmith(
            KeyStore keyStore,
            AliasStore aliasStore,
            RootKey rootKey,
            List<RootKey> earlierRootKeys,
            KmsLocation location,
            Randomness randomness,
            Clock clock) {
        this(keyStore, aliasStore, GrantStore.NONE, rootKey, earlierRootKeys, location, randomness, clock);
    }

    /** @param grantStore where grants live; {@link GrantStore#NONE} for a core without grants */
    public Keysmith(
            KeyStore keyStore,
            AliasStore aliasStore,
            GrantStore grantStore,
            RootKey rootKey,
            List<RootKey> earlierRootKeys,
            KmsLocation location,
            Randomness randomness,
            Clock clock) {
        MaterialVault vault = new MaterialVault(keyStore, rootKey, earlierRootKeys, randomness);
        this.location = location;
        this.upkeep = new KeyUpkeep(keyStore, aliasStore, grantStore, vault, clock);
        KeyResolver resolver = new KeyResolver(keyStore, aliasStore, location, upkeep);
        Markers markers = new Markers(rootKey, randomness);
        this.keys = new KeyService(keyStore, resolver, vault, upkeep, markers);
        this.aliases = new AliasService(aliasStore, resolver, location, upkeep, markers);
        this.rotations = new RotationService(keyStore, resolver, upkeep, markers);
        this.crypto = new CryptoService(resolver, vault, randomness);
        this.grants = new GrantService(
                grantStore, resolver, upkeep, markers, new GrantTokens(rootKey, randomness), randomness);
    }

    public KmsLocation location() {
        return location;
    }

    public KeyService keys() {
        return keys;
    }

    public AliasService aliases() {
        return aliases;
    }

    public RotationService rotations() {
        return rotations;
    }

    public CryptoService crypto() {
        return crypto;
    }

    /** The grant operations; also the {@link GrantLookup} that authorization consults. */
    public GrantService grants() {
        return grants;
    }

    /** Deletes keys whose waiting period has passed and rotates keys that are due; returns how many changed. */
    public int sweep() {
        return upkeep.sweep();
    }
}
