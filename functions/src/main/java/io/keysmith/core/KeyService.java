package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.core.errors.TagException;
import io.keysmith.core.errors.ValidationException;
import io.keysmith.policy.PolicyDocument;
import io.keysmith.policy.RequestContext;
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
import java.util.function.Consumer;

/**
 * Key lifecycle, tags and key policies: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, descriptions, deletion,
 * tags, Get/Put/ListKeyPolicies. Each authorizes its caller before it checks, generates or writes anything.
 */
public final class KeyService {
    static final int MAX_TAGS = 50;
    private static final String KEYS_LIST = "keys";
    private static final String TAGS_LIST = "tags";
    /** The one policy name a key has, in AWS as here. */
    public static final String DEFAULT_POLICY_NAME = "default";

    private final KeyStore keys;
    private final KeyResolver resolver;
    private final MaterialVault vault;
    private final KeyUpkeep upkeep;
    private final Markers markers;
    private final KeyAccess access;

    KeyService(KeyStore keys, KeyResolver resolver, MaterialVault vault, KeyUpkeep upkeep, Markers markers) {
        this.keys = keys;
        this.resolver = resolver;
        this.vault = vault;
        this.upkeep = upkeep;
        this.markers = markers;
        this.access = resolver.access();
    }

    public KeyRecord createKey(NewKey request) {
        KeySpec keySpec = request.keySpec() == null ? KeySpec.SYMMETRIC_DEFAULT : request.keySpec();
        KeyUsage keyUsage = KeySpecs.usageFor(keySpec, request.keyUsage());
        Origin origin = request.origin() == null ? Origin.AWS_KMS : request.origin();
        Consumer<RequestContext.Builder> conditions = r -> r.key("kms:KeySpec", keySpec.name())
                .key("kms:KeyUsage", keyUsage.name())
                .key("kms:KeyOrigin", origin.name())
                .key("kms:BypassPolicyLockoutSafetyCheck", Boolean.toString(request.bypassPolicyLockoutSafetyCheck()));
        access.authorizeWithoutKey("CreateKey", null, conditions);
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
                .tags(tags)
                .policy(request.policy() == null ? access.defaultPolicyText() : request.policy());
        if (request.policy() != null) {
            PolicyDocument policy = PolicyDocument.parse(request.policy());
            if (!request.bypassPolicyLockoutSafetyCheck()) {
                // As the key's own PutKeyPolicy would be asked; its spec, usage and origin come with the key.
                access.requireNoLockout(
                        policy, newKey.build(), r -> r.key("kms:BypassPolicyLockoutSafetyCheck", "false"));
            }
        }
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
        return resolver.authorized(keyId, Use.READ, "DescribeKey");
    }

    public Page<KeyRecord> listKeys(int limit, String marker) {
        access.authorizeWithoutKey("ListKeys", null, KeyAccess.NO_CONDITIONS);
        return markers.encodePage(KEYS_LIST, keys.list(limit, markers.decode(KEYS_LIST, marker)));
    }

    public void enableKey(String keyId) {
        String id =
                resolver.authorized(keyId, "EnableKey", KeyAccess.NO_CONDITIONS).keyId();
        resolver.update(id, key -> {
            requireNotPending(key);
            return key.keyState() == KeyState.Enabled ? key : key.withState(KeyState.Enabled);
        });
    }

    public void disableKey(String keyId) {
        String id = resolver.authorized(keyId, "DisableKey", KeyAccess.NO_CONDITIONS)
                .keyId();
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
        String id = resolver.authorized(keyId, "UpdateKeyDescription", KeyAccess.NO_CONDITIONS)
                .keyId();
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
        String id = resolver.authorized(
                        keyId,
                        "ScheduleKeyDeletion",
                        r -> r.key("kms:ScheduleKeyDeletionPendingWindowInDays", Integer.toString(window)))
                .keyId();
        return resolver.update(id, key -> {
            resolver.require(key, Use.MANAGE);
            return key.withPendingDeletion(upkeep.now().plus(Duration.ofDays(window)), window);
        });
    }

    /** A key whose deletion is cancelled is Disabled, as in AWS. */
    public KeyRecord cancelKeyDeletion(String keyId) {
        String id = resolver.authorized(keyId, "CancelKeyDeletion", KeyAccess.NO_CONDITIONS)
                .keyId();
        return resolver.update(id, key -> {
            if (key.keyState() != KeyState.PendingDeletion) {
                throw new KmsInvalidStateException(resolver.arn(key) + " is not pending deletion.");
            }
            KeyRecord cancelled = key.withDeletionCancelled(KeyState.Disabled);
            // Imported material may have been deleted meanwhile: such a key waits for it again.
            return key.origin() == Origin.EXTERNAL
                    ? ImportedKeys.settled(cancelled, keys.materials(key.keyId()))
                    : cancelled;
        });
    }

    public void tagResource(String keyId, List<Tag> newTags) {
        checkTags(newTags);
        String id = resolver.authorized(keyId, "TagResource", KeyAccess.NO_CONDITIONS)
                .keyId();
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
        String id = resolver.authorized(keyId, "UntagResource", KeyAccess.NO_CONDITIONS)
                .keyId();
        resolver.update(id, key -> {
            resolver.require(key, Use.MANAGE);
            List<Tag> kept = new ArrayList<>(key.tags());
            kept.removeIf(t -> tagKeys.contains(t.key()));
            return key.withTags(kept);
        });
    }

    public Page<Tag> listResourceTags(String keyId, int limit, String marker) {
        List<Tag> tags =
                resolver.authorized(keyId, Use.READ, "ListResourceTags").tags();
        return markers.slice(TAGS_LIST, tags, Tag::key, marker, limit);
    }

    /** The key policy document exactly as stored. */
    public String getKeyPolicy(String keyId, String policyName) {
        KeyRecord key = resolver.authorized(keyId, Use.READ, "GetKeyPolicy");
        requireDefaultPolicyName(policyName);
        return access.policyText(key);
    }

    /**
     * Replaces the key policy. Unless {@code bypassLockoutCheck}, the new policy must still let the caller call
     * PutKeyPolicy, so that nobody locks themselves out by mistake.
     */
    public void putKeyPolicy(String keyId, String policyName, String policyText, boolean bypassLockoutCheck) {
        Consumer<RequestContext.Builder> conditions =
                r -> r.key("kms:BypassPolicyLockoutSafetyCheck", Boolean.toString(bypassLockoutCheck));
        KeyRecord key = resolver.authorized(keyId, "PutKeyPolicy", conditions);
        requireDefaultPolicyName(policyName);
        PolicyDocument policy = PolicyDocument.parse(policyText);
        if (!bypassLockoutCheck) {
            access.requireNoLockout(policy, key, conditions);
        }
        // In every state, as in AWS: a key pending deletion may need its policy fixed before it is cancelled.
        resolver.update(key.keyId(), current -> current.withPolicy(policyText));
    }

    /** Every key has exactly one policy, {@code default}. */
    public List<String> listKeyPolicies(String keyId) {
        resolver.authorized(keyId, Use.READ, "ListKeyPolicies");
        return List.of(DEFAULT_POLICY_NAME);
    }

    private void requireDefaultPolicyName(String policyName) {
        if (policyName != null && !policyName.equals(DEFAULT_POLICY_NAME)) {
            throw new NotFoundException("No such policy exists: " + policyName);
        }
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
