package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.TagException;
import io.keysmith.core.errors.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Key lifecycle and tags: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, descriptions, deletion, tags. */
public final class KeyService {
    static final int MAX_TAGS = 50;
    private static final String KEYS_LIST = "keys";
    private static final String TAGS_LIST = "tags";

    private final KeyStore keys;
    private final KeyResolver resolver;
    private final MaterialVault vault;
    private final KeyUpkeep upkeep;
    private final Markers markers;

    KeyService(KeyStore keys, KeyResolver resolver, MaterialVault vault, KeyUpkeep upkeep, Markers markers) {
        this.keys = keys;
        this.resolver = resolver;
        this.vault = vault;
        this.upkeep = upkeep;
        this.markers = markers;
    }

    public KeyRecord createKey(NewKey request) {
        KeySpec keySpec = request.keySpec() == null ? KeySpec.SYMMETRIC_DEFAULT : request.keySpec();
        KeyUsage keyUsage = KeySpecs.usageFor(keySpec, request.keyUsage());
        Origin origin = request.origin() == null ? Origin.AWS_KMS : request.origin();
        if (origin != Origin.AWS_KMS && origin != Origin.EXTERNAL) {
            throw new KmsUnsupportedOperationException("Keysmith does not support Origin " + origin + ".");
        }
        List<Tag> tags = request.tags() == null ? List.of() : request.tags();
        checkTags(tags);

        Instant now = upkeep.now();
        String keyId = UUID.randomUUID().toString();
        String description = request.description() == null ? "" : request.description();
        KeyRecord.Builder newKey = KeyRecord.builder()
                .keyId(keyId)
                .creationDate(now)
                .description(description)
                .keySpec(keySpec)
                .keyUsage(keyUsage)
                .origin(origin)
                .tags(tags);
        if (origin == Origin.EXTERNAL) {
            // Imported keys wait for material that only ImportKeyMaterial could bring.
            KeyRecord key = newKey.keyState(KeyState.PendingImport).build();
            keys.create(key, null);
            return key;
        }
        WrappedMaterial material = vault.create(keyId, keySpec, null, now);
        KeyRecord key = newKey.keyState(KeyState.Enabled)
                .currentMaterialId(material.materialId())
                .build();
        keys.create(key, material);
        return key;
    }

    public KeyRecord describeKey(String keyId) {
        return resolver.resolve(keyId, Use.READ);
    }

    public Page<KeyRecord> listKeys(int limit, String marker) {
        return markers.encodePage(KEYS_LIST, keys.list(limit, markers.decode(KEYS_LIST, marker)));
    }

    public void enableKey(String keyId) {
        String id = resolver.resolve(keyId).keyId();
        resolver.update(id, key -> {
            requireNotPending(key);
            return key.keyState() == KeyState.Enabled ? key : key.withState(KeyState.Enabled);
        });
    }

    public void disableKey(String keyId) {
        String id = resolver.resolve(keyId).keyId();
        resolver.update(id, key -> {
            requireNotPending(key);
            return key.keyState() == KeyState.Disabled ? key : key.withState(KeyState.Disabled);
        });
    }

    private void requireNotPending(KeyRecord key) {
        resolver.require(key, Use.MANAGE);
        if (key.keyState() == KeyState.PendingImport) {
            throw new KmsInvalidStateException(resolver.arn(key) + " is pending import.");
        }
    }

    public void updateKeyDescription(String keyId, String description) {
        String id = resolver.resolve(keyId).keyId();
        resolver.update(id, key -> {
            resolver.require(key, Use.MANAGE);
            return key.withDescription(description);
        });
    }

    /** Waiting periods from 7 to 30 days, 30 by default, as AWS enforces them. */
    public KeyRecord scheduleKeyDeletion(String keyId, Integer pendingWindowInDays) {
        int window = pendingWindowInDays == null ? 30 : pendingWindowInDays;
        if (window < 7 || window > 30) {
            throw new ValidationException("PendingWindowInDays should be between 7 and 30, but it is " + window);
        }
        String id = resolver.resolve(keyId).keyId();
        return resolver.update(id, key -> {
            resolver.require(key, Use.MANAGE);
            return key.withPendingDeletion(upkeep.now().plus(Duration.ofDays(window)), window);
        });
    }

    /** A key whose deletion is cancelled is Disabled, as in AWS. */
    public KeyRecord cancelKeyDeletion(String keyId) {
        String id = resolver.resolve(keyId).keyId();
        return resolver.update(id, key -> {
            if (key.keyState() != KeyState.PendingDeletion) {
                throw new KmsInvalidStateException(resolver.arn(key) + " is not pending deletion.");
            }
            return key.withDeletionCancelled(
                    key.currentMaterialId() == null ? KeyState.PendingImport : KeyState.Disabled);
        });
    }

    public void tagResource(String keyId, List<Tag> newTags) {
        checkTags(newTags);
        String id = resolver.resolve(keyId).keyId();
        resolver.update(id, key -> {
            resolver.require(key, Use.MANAGE);
            Map<String, String> merged = new LinkedHashMap<>();
            key.tags().forEach(t -> merged.put(t.key(), t.value()));
            newTags.forEach(t -> merged.put(t.key(), t.value()));
            if (merged.size() > MAX_TAGS) {
                throw new TagException("Too many tags");
            }
            return key.withTags(merged.entrySet().stream()
                    .map(e -> new Tag(e.getKey(), e.getValue()))
                    .toList());
        });
    }

    public void untagResource(String keyId, List<String> tagKeys) {
        for (String tagKey : tagKeys) {
            checkNotReserved(tagKey);
        }
        String id = resolver.resolve(keyId).keyId();
        resolver.update(id, key -> {
            resolver.require(key, Use.MANAGE);
            List<Tag> kept = new ArrayList<>(key.tags());
            kept.removeIf(t -> tagKeys.contains(t.key()));
            return key.withTags(kept);
        });
    }

    public Page<Tag> listResourceTags(String keyId, int limit, String marker) {
        List<Tag> tags = resolver.resolve(keyId, Use.READ).tags();
        return markers.slice(TAGS_LIST, tags, Tag::key, marker, limit);
    }

    private static void checkTags(List<Tag> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new TagException("Too many tags");
        }
        Set<String> seen = new HashSet<>();
        for (Tag tag : tags) {
            checkNotReserved(tag.key());
            if (!seen.add(tag.key())) {
                throw new TagException("Duplicate tag keys");
            }
        }
    }

    private static void checkNotReserved(String tagKey) {
        if (tagKey.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw new TagException("Tags beginning with aws: are reserved");
        }
    }
}
