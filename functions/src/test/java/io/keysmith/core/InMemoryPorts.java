package io.keysmith.core;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Fakes of the core's ports, for unit tests of the core and the api only. */
public final class InMemoryPorts {
    private InMemoryPorts() {
    }

    public static Keysmith keysmith() {
        return keysmith(Clock.systemUTC());
    }

    public static Keysmith keysmith(Clock clock) {
        Randomness randomness = new Randomness();
        Keys keys = new Keys();
        return new Keysmith(keys, new Aliases(keys), new Root(randomness),
                new KmsLocation("us-east-1", "111122223333"), randomness, clock);
    }

    static final class Keys implements KeyStore {
        final Map<String, KeyRecord> keys = new ConcurrentSkipListMap<>();
        final Map<String, WrappedMaterial> materials = new ConcurrentSkipListMap<>();

        @Override
        public void create(KeyRecord key, WrappedMaterial material) {
            keys.put(key.keyId(), key);
            if (material != null) {
                materials.put(key.keyId() + "/" + material.materialId(), material);
            }
        }

        @Override
        public Optional<KeyRecord> find(String keyId) {
            return Optional.ofNullable(keys.get(keyId));
        }

        @Override
        public synchronized void update(KeyRecord key) {
            if (keys.get(key.keyId()).version() != key.version()) {
                throw new StaleKeyException(key.keyId());
            }
            keys.put(key.keyId(), key.nextVersion());
        }

        @Override
        public synchronized void addMaterial(KeyRecord key, WrappedMaterial material) {
            update(key);
            materials.put(key.keyId() + "/" + material.materialId(), material);
        }

        @Override
        public synchronized boolean rewrap(WrappedMaterial material, String expectedRootKeyId) {
            String id = material.keyId() + "/" + material.materialId();
            if (!materials.get(id).rootKeyId().equals(expectedRootKeyId)) {
                return false;
            }
            materials.put(id, material);
            return true;
        }

        @Override
        public Optional<WrappedMaterial> findMaterial(String keyId, String materialId) {
            return Optional.ofNullable(materials.get(keyId + "/" + materialId));
        }

        @Override
        public List<WrappedMaterial> materials(String keyId) {
            return materials.values().stream().filter(m -> m.keyId().equals(keyId))
                    .sorted(Comparator.comparing(WrappedMaterial::creationDate)).toList();
        }

        @Override
        public Page<KeyRecord> list(int limit, String afterKeyId) {
            List<KeyRecord> after = keys.values().stream()
                    .filter(k -> afterKeyId == null || k.keyId().compareTo(afterKeyId) > 0).toList();
            List<KeyRecord> page = after.stream().limit(limit).toList();
            return new Page<>(page, after.size() > limit ? page.get(page.size() - 1).keyId() : null);
        }

        @Override
        public void delete(String keyId) {
            materials.keySet().removeIf(id -> id.startsWith(keyId + "/"));
            keys.remove(keyId);
        }
    }

    static final class Aliases implements AliasStore {
        final Map<String, AliasRecord> aliases = new ConcurrentSkipListMap<>();
        private final KeyStore keys;

        Aliases(KeyStore keys) {
            this.keys = keys;
        }

        @Override
        public synchronized Outcome create(AliasRecord alias) {
            if (aliases.containsKey(alias.aliasName())) {
                return Outcome.NAME_TAKEN;
            }
            if (keys.find(alias.targetKeyId()).isEmpty()) {
                return Outcome.TARGET_MISSING;
            }
            aliases.put(alias.aliasName(), alias);
            return Outcome.DONE;
        }

        @Override
        public synchronized Outcome update(String aliasName, String targetKeyId, Instant now) {
            AliasRecord alias = aliases.get(aliasName);
            if (alias == null) {
                return Outcome.ALIAS_MISSING;
            }
            if (keys.find(targetKeyId).isEmpty()) {
                return Outcome.TARGET_MISSING;
            }
            aliases.put(aliasName, new AliasRecord(aliasName, targetKeyId, alias.creationDate(), now));
            return Outcome.DONE;
        }

        @Override
        public boolean delete(String aliasName) {
            return aliases.remove(aliasName) != null;
        }

        @Override
        public void deleteAllOf(String targetKeyId) {
            aliases.values().removeIf(a -> a.targetKeyId().equals(targetKeyId));
        }

        @Override
        public Optional<AliasRecord> find(String aliasName) {
            return Optional.ofNullable(aliases.get(aliasName));
        }

        @Override
        public Page<AliasRecord> list(String targetKeyId, int limit, String afterName) {
            List<AliasRecord> after = aliases.values().stream()
                    .filter(a -> targetKeyId == null || a.targetKeyId().equals(targetKeyId))
                    .filter(a -> afterName == null || a.aliasName().compareTo(afterName) > 0)
                    .sorted(Comparator.comparing(AliasRecord::aliasName)).toList();
            List<AliasRecord> page = after.stream().limit(limit).toList();
            return new Page<>(page, after.size() > limit ? page.get(page.size() - 1).aliasName() : null);
        }
    }

    /** Keeps materials in a map; the "wrapped" form is a random handle bound to its AAD. */
    static final class Root implements RootKey {
        private final Map<String, byte[][]> held = new ConcurrentHashMap<>();
        private final Randomness randomness;

        Root(Randomness randomness) {
            this.randomness = randomness;
        }

        @Override
        public String id() {
            return "test-root";
        }

        @Override
        public byte[] wrap(SecretBytes material, byte[] aad) {
            byte[] handle = randomness.bytes(16);
            held.put(HexFormat.of().formatHex(handle), new byte[][] {material.reveal().clone(), aad.clone()});
            return handle;
        }

        @Override
        public SecretBytes unwrap(byte[] wrapped, byte[] aad) {
            byte[][] entry = held.get(HexFormat.of().formatHex(wrapped));
            if (entry == null || !Arrays.equals(entry[1], aad)) {
                throw new IllegalStateException("unwrap failed");
            }
            return new SecretBytes(entry[0].clone());
        }
    }
}
