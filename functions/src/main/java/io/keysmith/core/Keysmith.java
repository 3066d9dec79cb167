package io.keysmith.core;

import io.keysmith.policy.DefaultPolicies;
import io.keysmith.policy.PolicyDocument;
import java.time.Clock;
import java.time.Duration;
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
    private final KeyCache cache;
    private final SigningService signing;
    private final MacService macs;
    private final KeyAgreementService keyAgreement;
    private final ImportService imports;
    // For AlibabaCrypto.of, which the local runner alone builds: nothing here names it, so the Lambda jar leaves it
    // out.
    final KeyResolver resolver;
    final KeyStore keyStore;
    final MaterialVault vault;
    final Randomness randomness;

    public Keysmith(
            KeyStore keyStore,
            AliasStore aliasStore,
            RootKey rootKey,
            KmsLocation location,
            Randomness randomness,
            Clock clock) {
        this(keyStore, aliasStore, rootKey, List.of(), location, randomness, clock);
    }

    /** With no grants, and the default service policy (the deployment's account may do anything). */
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

    /** With the default service policy (the deployment's account may do anything). */
    public Keysmith(
            KeyStore keyStore,
            AliasStore aliasStore,
            GrantStore grantStore,
            RootKey rootKey,
            List<RootKey> earlierRootKeys,
            KmsLocation location,
            Randomness randomness,
            Clock clock) {
        this(
                keyStore,
                aliasStore,
                grantStore,
                rootKey,
                earlierRootKeys,
                location,
                randomness,
                clock,
                DefaultPolicies.servicePolicy(location.account()));
    }

    /**
     * @param grantStore      where grants live; {@link GrantStore#NONE} for a core without grants
     * @param rootKey         wraps new material, and opens what it wrapped
     * @param earlierRootKeys only open material they wrapped, while a root-key migration is under way
     * @param servicePolicy   what IAM would decide in AWS: actions without a key, and what the account principal
     *                        of a key policy hands over
     */
    public Keysmith(
            KeyStore keyStore,
            AliasStore aliasStore,
            GrantStore grantStore,
            RootKey rootKey,
            List<RootKey> earlierRootKeys,
            KmsLocation location,
            Randomness randomness,
            Clock clock,
            PolicyDocument servicePolicy) {
        this(
                keyStore,
                aliasStore,
                grantStore,
                rootKey,
                earlierRootKeys,
                location,
                randomness,
                clock,
                servicePolicy,
                Duration.ZERO,
                KeyPairSource.NONE);
    }

    /**
     * @param keyCacheTtl how long this process keeps a key's metadata and opened material after reading them
     *                    ({@link KeyCache}); zero keeps nothing
     * @param readyPairs  data key pairs generated ahead of time (an RSA pool); {@link KeyPairSource#NONE} for none
     */
    public Keysmith(
            KeyStore store,
            AliasStore aliasStore,
            GrantStore grantStore,
            RootKey rootKey,
            List<RootKey> earlierRootKeys,
            KmsLocation location,
            Randomness randomness,
            Clock clock,
            PolicyDocument servicePolicy,
            Duration keyCacheTtl,
            KeyPairSource readyPairs) {
        this.cache = new KeyCache(keyCacheTtl, clock);
        KeyStore keyStore = cache.enabled() ? new CachingKeyStore(store, cache) : store;
        MaterialVault vault = new MaterialVault(keyStore, rootKey, earlierRootKeys, randomness, cache);
        this.location = location;
        this.upkeep = new KeyUpkeep(keyStore, store, aliasStore, grantStore, vault, clock);
        GrantTokens grantTokens = new GrantTokens(rootKey, randomness);
        StoredGrants storedGrants = new StoredGrants(grantStore, grantTokens);
        KeyAccess access = new KeyAccess(servicePolicy, storedGrants, location, aliasStore, upkeep::now);
        KeyResolver resolver = new KeyResolver(keyStore, aliasStore, location, upkeep, access);
        Markers markers = new Markers(rootKey, randomness);
        this.keys = new KeyService(keyStore, resolver, vault, upkeep, markers);
        this.aliases = new AliasService(aliasStore, resolver, location, upkeep, markers);
        this.rotations = new RotationService(keyStore, resolver, upkeep, markers);
        this.crypto = new CryptoService(resolver, vault, randomness, readyPairs);
        this.signing = new SigningService(resolver, vault, keyStore, randomness);
        this.macs = new MacService(resolver, vault);
        this.keyAgreement = new KeyAgreementService(resolver, vault);
        this.resolver = resolver;
        this.keyStore = keyStore;
        this.vault = vault;
        this.randomness = randomness;
        this.grants = new GrantService(grantStore, resolver, upkeep, markers, grantTokens, randomness, storedGrants);
        this.imports = new ImportService(keyStore, resolver, upkeep, rootKey, randomness);
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

    /** Sign, Verify and GetPublicKey. */
    public SigningService signing() {
        return signing;
    }

    /** The grant operations, and the grants of a key as authorization sees them. */
    public GrantService grants() {
        return grants;
    }

    /**
     * Drops every cached key and zeroes the cached material: before a SnapStart checkpoint, and whenever the
     * cache must start afresh.
     */
    public void clearKeyCache() {
        cache.clear();
    }

    /** Drops the cache's expired entries, zeroing their material (a request's miss does so too, when it is full). */
    public void evictExpiredKeys() {
        cache.evictExpired();
    }

    /** GenerateMac and VerifyMac. */
    public MacService macs() {
        return macs;
    }

    /** DeriveSharedSecret. */
    public KeyAgreementService keyAgreement() {
        return keyAgreement;
    }

    /** GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial. */
    public ImportService imports() {
        return imports;
    }

    /** Deletes keys whose waiting period has passed and rotates keys that are due; returns how many changed. */
    public int sweep() {
        return upkeep.sweep();
    }
}
