package io.keysmith.core;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Fakes of the core's ports, for unit tests of the core and the api only. */
public final class InMemoryPorts {
    /** The first {@code limit} of what follows a position, and the last one's position when more follow. */
    static <T> Page<T> firstPage(List<T> following, int limit, java.util.function.Function<T, String> position) {
        List<T> page = following.stream().limit(limit).toList();
        return new Page<>(page, following.size() > limit ? position.apply(page.get(page.size() - 1)) : null);
    }

    private InMemoryPorts() {}

    public static Keysmith keysmith() {
        return keysmith(Clock.systemUTC());
    }

    public static Keysmith keysmith(Clock clock) {
        Randomness randomness = new Randomness();
        Keys keys = new Keys();
        return new Keysmith(
                keys,
                new Aliases(keys),
                new Grants(keys),
                new Root(randomness),
                List.of(),
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                clock);
    }

    /** The core over in-memory stores, with a root key of the caller's. */
    public static Keysmith keysmith(RootKey rootKey) {
        Randomness randomness = new Randomness();
        Keys keys = new Keys();
        return new Keysmith(
                keys,
                new Aliases(keys),
                new Grants(keys),
                rootKey,
                List.of(),
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                Clock.systemUTC());
    }

    /** An empty key store and an alias store over it. */
    public static StorePorts stores() {
        Keys keys = new Keys();
        return new StorePorts(keys, new Aliases(keys));
    }

    /** An empty key store and a grant store over it. */
    public static GrantStorePorts grantStores() {
        Keys keys = new Keys();
        return new GrantStorePorts(keys, new Grants(keys));
    }

    /** A root key of random bytes held in memory. */
    public static RootKey rootKey() {
        return new Root(new Randomness());
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
            KeyRecord stored = keys.get(key.keyId());
            if (stored == null || stored.version() != key.version()) {
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
        public synchronized void changeMaterials(
                KeyRecord key, List<WrappedMaterial> put, List<String> deletedMaterialIds) {
            update(key);
            put.forEach(m -> materials.put(key.keyId() + "/" + m.materialId(), m));
            deletedMaterialIds.forEach(id -> materials.remove(key.keyId() + "/" + id));
        }

        @Override
        public synchronized boolean rewrap(WrappedMaterial replacement, WrappedMaterial expected) {
            String id = replacement.keyId() + "/" + replacement.materialId();
            WrappedMaterial stored = materials.get(id);
            if (stored == null
                    || !stored.rootKeyId().equals(expected.rootKeyId())
                    || !Arrays.equals(stored.wrapped(), expected.wrapped())) {
                return false;
            }
            materials.put(id, replacement);
            return true;
        }

        @Override
        public Optional<WrappedMaterial> findMaterial(String keyId, String materialId) {
            return Optional.ofNullable(materials.get(keyId + "/" + materialId));
        }

        @Override
        public List<WrappedMaterial> materials(String keyId) {
            return materials.values().stream()
                    .filter(m -> m.keyId().equals(keyId))
                    .sorted(Comparator.comparing(WrappedMaterial::creationDate))
                    .toList();
        }

        @Override
        public Page<KeyRecord> list(int limit, String afterKeyId) {
            List<KeyRecord> after = keys.values().stream()
                    .filter(k -> afterKeyId == null || k.keyId().compareTo(afterKeyId) > 0)
                    .toList();
            return firstPage(after, limit, KeyRecord::keyId);
        }

        /** The fake's position is the due instant's millis and the key id, as the DynamoDB store's is. */
        @Override
        public Page<String> dueKeyIds(Instant now, int limit, String after) {
            List<String> due = keys.values().stream()
                    .filter(k -> k.upkeepDueAt() != null && !k.upkeepDueAt().isAfter(now))
                    .map(k -> String.format("%020d#%s", k.upkeepDueAt().toEpochMilli(), k.keyId()))
                    .sorted()
                    .filter(position -> after == null || position.compareTo(after) > 0)
                    .toList();
            Page<String> positions = firstPage(due, limit, position -> position);
            return new Page<>(
                    positions.items().stream()
                            .map(p -> p.substring(p.indexOf('#') + 1))
                            .toList(),
                    positions.nextMarker());
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
                    .sorted(Comparator.comparing(AliasRecord::aliasName))
                    .toList();
            return firstPage(after, limit, AliasRecord::aliasName);
        }
    }

    static final class Grants implements GrantStore {
        /** By key id, then grant id. */
        final Map<String, Map<String, GrantRecord>> grants = new ConcurrentSkipListMap<>();

        private final KeyStore keys;

        Grants(KeyStore keys) {
            this.keys = keys;
        }

        @Override
        public synchronized Creation create(GrantRecord grant, int maxGrantsPerKey) {
            if (keys.find(grant.keyId()).isEmpty()) {
                return new Creation(Outcome.KEY_MISSING, grant);
            }
            Map<String, GrantRecord> ofKey = grants.computeIfAbsent(grant.keyId(), k -> new ConcurrentSkipListMap<>());
            String digest = grant.sameRequestDigest();
            if (digest != null) {
                Optional<GrantRecord> same = ofKey.values().stream()
                        .filter(g -> digest.equals(g.sameRequestDigest()))
                        .findFirst();
                if (same.isPresent()) {
                    return new Creation(Outcome.DUPLICATE, same.get());
                }
            }
            if (ofKey.size() >= maxGrantsPerKey) {
                return new Creation(Outcome.LIMIT_REACHED, grant);
            }
            ofKey.put(grant.grantId(), grant);
            return new Creation(Outcome.CREATED, grant);
        }

        @Override
        public Optional<GrantRecord> find(String keyId, String grantId) {
            return Optional.ofNullable(grants.getOrDefault(keyId, Map.of()).get(grantId));
        }

        @Override
        public synchronized boolean delete(String keyId, String grantId) {
            return grants.getOrDefault(keyId, new ConcurrentSkipListMap<>()).remove(grantId) != null;
        }

        @Override
        public Page<GrantRecord> listOfKey(String keyId, String granteePrincipal, int limit, String afterGrantId) {
            List<GrantRecord> after = grants.getOrDefault(keyId, Map.of()).values().stream()
                    .filter(g ->
                            granteePrincipal == null || g.granteePrincipal().equals(granteePrincipal))
                    .filter(g -> afterGrantId == null || g.grantId().compareTo(afterGrantId) > 0)
                    .toList();
            return firstPage(after, limit, GrantRecord::grantId);
        }

        /** The fake's position is the key id and the grant id, as the DynamoDB store's is. */
        @Override
        public Page<GrantRecord> listRetirable(String retiringPrincipal, int limit, String after) {
            List<GrantRecord> rest = grants.values().stream()
                    .flatMap(ofKey -> ofKey.values().stream())
                    .filter(g -> retiringPrincipal.equals(g.retiringPrincipal()))
                    .filter(g -> after == null || position(g).compareTo(after) > 0)
                    .sorted(Comparator.comparing(Grants::position))
                    .toList();
            return firstPage(rest, limit, Grants::position);
        }

        private static String position(GrantRecord grant) {
            return grant.keyId() + "/" + grant.grantId();
        }

        @Override
        public void deleteAllOf(String keyId) {
            grants.remove(keyId);
        }
    }

    /** A root key of random bytes held in memory: HKDF-SHA256 over them, as the DynamoDB root key does. */
    static final class Root implements RootKey {
        private final String id;
        private final byte[] key;

        Root(Randomness randomness) {
            this("test-root", randomness);
        }

        Root(String id, Randomness randomness) {
            this(id, randomness.bytes(32));
        }

        /** The root key of these bytes, as if opened again. */
        Root(String id, byte[] key) {
            this.id = id;
            this.key = key;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public SecretBytes derive(byte[] label, byte[] context) {
            return new SecretBytes(Hkdf.sha256(key, new byte[32], RootKey.info(label, context), 32));
        }
    }
}
