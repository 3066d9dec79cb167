package io.keysmith.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fuzz targets' store: the core over the in-memory fakes, holding a few keys with fixed ids, a
 * fixed root key, seeded randomness and a fixed clock, so that a committed seed (a ciphertext blob, a
 * pagination marker) means the same thing in every run. {@link #reset()} puts the store back as it was
 * built, before each input, so that one input's writes never change what the next one sees.
 */
public final class FuzzWorld {
    public static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    public static final String OTHER_KEY_ID = "0987dcba-09fe-87dc-65ba-ab0987654321";
    public static final String DISABLED_KEY_ID = "11111111-2222-3333-4444-555555555555";
    public static final String PENDING_DELETION_KEY_ID = "66666666-7777-8888-9999-000000000000";
    public static final String ALIAS = "alias/fuzz";
    public static final String SECOND_ALIAS = "alias/fuzz-2";
    public static final String OTHER_ALIAS = "alias/fuzz-other";
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private final InMemoryPorts.Keys keys = new InMemoryPorts.Keys();
    private final InMemoryPorts.Aliases aliases = new InMemoryPorts.Aliases(keys);
    private final Keysmith keysmith;
    private final Map<String, KeyRecord> builtKeys;
    private final Map<String, WrappedMaterial> builtMaterials;
    private final Map<String, AliasRecord> builtAliases;

    private FuzzWorld() {
        Randomness randomness = new Randomness(FuzzWorld::seeded);
        RootKey rootKey = new FixedRootKey();
        keysmith = new Keysmith(
                keys,
                aliases,
                rootKey,
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                Clock.fixed(NOW, ZoneOffset.UTC));
        MaterialVault vault = new MaterialVault(keys, rootKey, List.of(), randomness);
        for (String keyId : List.of(KEY_ID, OTHER_KEY_ID, DISABLED_KEY_ID, PENDING_DELETION_KEY_ID)) {
            WrappedMaterial material = vault.create(keyId, KeySpec.SYMMETRIC_DEFAULT, null, NOW);
            keys.create(
                    KeyRecord.builder()
                            .keyId(keyId)
                            .creationDate(NOW)
                            .description("fuzz")
                            .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                            .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                            .keyState(KeyState.Enabled)
                            .origin(Origin.AWS_KMS)
                            .currentMaterialId(material.materialId())
                            .tags(List.of(new Tag("team", "fuzz"), new Tag("env", "test")))
                            .build(),
                    material);
        }
        CallScope.open(TestCallers.ROOT, List.of());
        try {
            // Two rotations, two tags and two aliases on KEY_ID: each of its lists has a second page at Limit 1.
            keysmith.rotations().rotateKeyOnDemand(KEY_ID);
            keysmith.rotations().rotateKeyOnDemand(KEY_ID);
            keysmith.keys().disableKey(DISABLED_KEY_ID);
            keysmith.keys().scheduleKeyDeletion(PENDING_DELETION_KEY_ID, 30);
            keysmith.aliases().createAlias(ALIAS, KEY_ID);
            keysmith.aliases().createAlias(SECOND_ALIAS, KEY_ID);
            keysmith.aliases().createAlias(OTHER_ALIAS, OTHER_KEY_ID);
        } finally {
            CallScope.close();
        }
        builtKeys = new TreeMap<>(keys.keys);
        builtMaterials = new TreeMap<>(keys.materials);
        builtAliases = new TreeMap<>(aliases.aliases);
    }

    public static FuzzWorld create() {
        return new FuzzWorld();
    }

    public Keysmith keysmith() {
        return keysmith;
    }

    /** Back to the store as built; records are immutable, so the maps' entries can be shared. */
    public void reset() {
        keys.keys.clear();
        keys.keys.putAll(builtKeys);
        keys.materials.clear();
        keys.materials.putAll(builtMaterials);
        aliases.aliases.clear();
        aliases.aliases.putAll(builtAliases);
    }

    /** SHA1PRNG seeded before its first use is a fixed stream: the same material ids and materials in every run. */
    private static SecureRandom seeded() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(0x6b657973L);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HKDF over 32 fixed bytes, as the in-memory root key does over random ones. */
    private static final class FixedRootKey implements RootKey {
        private static final byte[] KEY = new byte[32];

        @Override
        public String id() {
            return "fuzz-root";
        }

        @Override
        public SecretBytes derive(byte[] label, byte[] context) {
            return new SecretBytes(Hkdf.sha256(KEY, new byte[32], RootKey.info(label, context), 32));
        }
    }
}
