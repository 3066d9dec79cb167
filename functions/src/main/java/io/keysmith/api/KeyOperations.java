package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.KeyRecord;
import io.keysmith.core.KeyService;
import io.keysmith.core.KeySpec;
import io.keysmith.core.KeySpecs;
import io.keysmith.core.KeyState;
import io.keysmith.core.KeyUsage;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.NewKey;
import io.keysmith.core.Origin;
import io.keysmith.core.Page;
import io.keysmith.core.Tag;
import io.keysmith.core.errors.CustomKeyStoreNotFoundException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Key lifecycle and tags. */
final class KeyOperations {
    private static final int DEFAULT_LIMIT = 100;
    private static final int DEFAULT_TAGS_LIMIT = 50;
    private final KeyService keys;
    private final KmsLocation location;

    KeyOperations(KeyService keys, KmsLocation location) {
        this.keys = keys;
        this.location = location;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreateKey", Operation.parsing(CreateKeyInput::from, this::createKey));
        operations.put(
                "DescribeKey",
                Operation.parsing(
                        KeyIdInput::from,
                        (request, audit) -> metadataResponse(keys.describeKey(request.keyId()), audit)));
        operations.put("ListKeys", Operation.parsing(ListKeysInput::from, this::listKeys));
        operations.put("EnableKey", Operation.parsing(KeyIdInput::from, (request, audit) -> {
            keys.enableKey(request.keyId());
            return Json.object();
        }));
        operations.put("DisableKey", Operation.parsing(KeyIdInput::from, (request, audit) -> {
            keys.disableKey(request.keyId());
            return Json.object();
        }));
        operations.put("UpdateKeyDescription", Operation.parsing(UpdateKeyDescriptionInput::from, (request, audit) -> {
            keys.updateKeyDescription(request.keyId(), request.description());
            return Json.object();
        }));
        operations.put(
                "ScheduleKeyDeletion", Operation.parsing(ScheduleKeyDeletionInput::from, this::scheduleKeyDeletion));
        operations.put("CancelKeyDeletion", Operation.parsing(KeyIdInput::from, (request, audit) -> {
            KeyRecord key = keys.cancelKeyDeletion(request.keyId());
            audit.keyArn = location.keyArn(key.keyId());
            return Json.object().put("KeyId", audit.keyArn);
        }));
        operations.put("TagResource", Operation.parsing(TagResourceInput::from, (request, audit) -> {
            keys.tagResource(request.keyId(), request.tags());
            return Json.object();
        }));
        operations.put("UntagResource", Operation.parsing(UntagResourceInput::from, (request, audit) -> {
            keys.untagResource(request.keyId(), request.tagKeys());
            return Json.object();
        }));
        operations.put("ListResourceTags", Operation.parsing(ListResourceTagsInput::from, this::listResourceTags));
        operations.put(
                "GetKeyPolicy",
                Operation.parsing(
                        KeyPolicyInput::from,
                        (request, audit) -> Json.object()
                                .put("Policy", keys.getKeyPolicy(request.keyId(), request.policyName()))
                                .put("PolicyName", KeyService.DEFAULT_POLICY_NAME)));
        operations.put("PutKeyPolicy", Operation.parsing(KeyPolicyInput::from, (request, audit) -> {
            keys.putKeyPolicy(request.keyId(), request.policyName(), request.policy(), request.bypassLockoutCheck());
            return Json.object();
        }));
        operations.put("ListKeyPolicies", Operation.parsing(KeyIdInput::from, (request, audit) -> {
            ObjectNode out = Json.object();
            Json.putList(out, "PolicyNames", keys.listKeyPolicies(request.keyId()));
            return Json.finishPage(out, new Page<>(List.of(), null));
        }));
    }

    /**
     * CreateKey's input, with the members Keysmith refuses rather than drops. KeySpec and its
     * deprecated twin CustomerMasterKeySpec are kept apart, to be checked against each other.
     */
    record CreateKeyInput(
            String description,
            KeySpec keySpec,
            KeySpec customerMasterKeySpec,
            KeyUsage keyUsage,
            Origin origin,
            List<Tag> tags,
            String customKeyStoreId,
            String xksKeyId,
            boolean multiRegion,
            String policy,
            boolean bypassPolicyLockoutSafetyCheck) {
        static CreateKeyInput from(JsonNode input) {
            return new CreateKeyInput(
                    Json.text(input, "Description"),
                    Json.constant(input, "KeySpec", KeySpec.class),
                    Json.constant(input, "CustomerMasterKeySpec", KeySpec.class),
                    Json.constant(input, "KeyUsage", KeyUsage.class),
                    Json.constant(input, "Origin", Origin.class),
                    tagList(input),
                    Json.text(input, "CustomKeyStoreId"),
                    Json.text(input, "XksKeyId"),
                    Json.flag(input, "MultiRegion"),
                    Json.text(input, "Policy"),
                    Json.flag(input, "BypassPolicyLockoutSafetyCheck"));
        }
    }

    /** GetKeyPolicy's and PutKeyPolicy's input; the policy and the bypass flag are PutKeyPolicy's alone. */
    record KeyPolicyInput(String keyId, String policyName, String policy, boolean bypassLockoutCheck) {
        static KeyPolicyInput from(JsonNode input) {
            return new KeyPolicyInput(
                    Json.text(input, "KeyId"),
                    Json.text(input, "PolicyName"),
                    Json.text(input, "Policy"),
                    Json.flag(input, "BypassPolicyLockoutSafetyCheck"));
        }
    }

    record ListKeysInput(int limit, String marker) {
        static ListKeysInput from(JsonNode input) {
            return new ListKeysInput(Json.limit(input, DEFAULT_LIMIT), Json.text(input, "Marker"));
        }
    }

    record UpdateKeyDescriptionInput(String keyId, String description) {
        static UpdateKeyDescriptionInput from(JsonNode input) {
            return new UpdateKeyDescriptionInput(Json.text(input, "KeyId"), Json.text(input, "Description"));
        }
    }

    record ScheduleKeyDeletionInput(String keyId, Integer pendingWindowInDays) {
        static ScheduleKeyDeletionInput from(JsonNode input) {
            return new ScheduleKeyDeletionInput(Json.text(input, "KeyId"), Json.integer(input, "PendingWindowInDays"));
        }
    }

    record TagResourceInput(String keyId, List<Tag> tags) {
        static TagResourceInput from(JsonNode input) {
            return new TagResourceInput(Json.text(input, "KeyId"), tagList(input));
        }
    }

    record UntagResourceInput(String keyId, List<String> tagKeys) {
        static UntagResourceInput from(JsonNode input) {
            return new UntagResourceInput(Json.text(input, "KeyId"), Json.strings(input, "TagKeys"));
        }
    }

    record ListResourceTagsInput(String keyId, int limit, String marker) {
        static ListResourceTagsInput from(JsonNode input) {
            return new ListResourceTagsInput(
                    Json.text(input, "KeyId"), Json.limit(input, DEFAULT_TAGS_LIMIT), Json.text(input, "Marker"));
        }
    }

    private ObjectNode createKey(CreateKeyInput input, AuditFields audit) {
        KeySpec keySpec = keySpec(input);
        refuseUnhonoured(input);
        KeyRecord key = keys.createKey(new NewKey(
                input.description(),
                keySpec,
                input.keyUsage(),
                input.origin(),
                input.tags(),
                input.policy(),
                input.bypassPolicyLockoutSafetyCheck()));
        return metadataResponse(key, audit);
    }

    /** KeySpec and its deprecated twin CustomerMasterKeySpec may both be given, but only alike. */
    private static KeySpec keySpec(CreateKeyInput input) {
        KeySpec keySpec = input.keySpec();
        KeySpec legacy = input.customerMasterKeySpec();
        if (keySpec != null && legacy != null && keySpec != legacy) {
            throw new ValidationException("KeySpec and CustomerMasterKeySpec must not differ: they are the same "
                    + "parameter. Specify only KeySpec.");
        }
        return keySpec != null ? keySpec : legacy;
    }

    /** CreateKey members that Keysmith cannot honour are refused, never quietly dropped. */
    private static void refuseUnhonoured(CreateKeyInput input) {
        String customKeyStoreId = input.customKeyStoreId();
        if (input.xksKeyId() != null && customKeyStoreId == null) {
            throw new ValidationException("XksKeyId is valid only for a KMS key in an external key store: "
                    + "specify CustomKeyStoreId too.");
        }
        if (customKeyStoreId != null) {
            throw customKeyStoreNotFound(customKeyStoreId);
        }
        if (input.multiRegion()) {
            throw new KmsUnsupportedOperationException("Keysmith does not support multi-Region keys yet.");
        }
    }

    /** Keysmith has no custom key stores, so no id names one. */
    static CustomKeyStoreNotFoundException customKeyStoreNotFound(String customKeyStoreId) {
        return new CustomKeyStoreNotFoundException("Custom key store " + customKeyStoreId + " does not exist.");
    }

    private ObjectNode metadataResponse(KeyRecord key, AuditFields audit) {
        audit.keyArn = location.keyArn(key.keyId());
        ObjectNode out = Json.object();
        out.set("KeyMetadata", keyMetadata(key));
        return out;
    }

    private ObjectNode listKeys(ListKeysInput input, AuditFields audit) {
        Page<KeyRecord> page = keys.listKeys(input.limit(), input.marker());
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Keys");
        for (KeyRecord key : page.items()) {
            list.addObject().put("KeyId", key.keyId()).put("KeyArn", location.keyArn(key.keyId()));
        }
        return Json.finishPage(out, page);
    }

    private ObjectNode scheduleKeyDeletion(ScheduleKeyDeletionInput input, AuditFields audit) {
        KeyRecord key = keys.scheduleKeyDeletion(input.keyId(), input.pendingWindowInDays());
        audit.keyArn = location.keyArn(key.keyId());
        return Json.object()
                .put("KeyId", audit.keyArn)
                .put("DeletionDate", Json.timestamp(key.deletionDate()))
                .put("KeyState", key.keyState().name())
                .put("PendingWindowInDays", key.pendingWindowInDays());
    }

    private ObjectNode listResourceTags(ListResourceTagsInput input, AuditFields audit) {
        Page<Tag> page = keys.listResourceTags(input.keyId(), input.limit(), input.marker());
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Tags");
        page.items().forEach(t -> list.addObject().put("TagKey", t.key()).put("TagValue", t.value()));
        return Json.finishPage(out, page);
    }

    private static List<Tag> tagList(JsonNode input) {
        List<Tag> tags = new ArrayList<>();
        input.path("Tags")
                .forEach(t -> tags.add(
                        new Tag(t.get("TagKey").asText(), t.get("TagValue").asText())));
        return tags;
    }

    ObjectNode keyMetadata(KeyRecord key) {
        ObjectNode m = Json.object();
        m.put("AWSAccountId", location.account());
        m.put("KeyId", key.keyId());
        m.put("Arn", location.keyArn(key.keyId()));
        m.put("CreationDate", Json.timestamp(key.creationDate()));
        m.put("Enabled", key.keyState() == KeyState.Enabled);
        m.put("Description", key.description());
        m.put("KeyUsage", key.keyUsage().name());
        m.put("KeyState", key.keyState().name());
        if (key.deletionDate() != null) {
            m.put("DeletionDate", Json.timestamp(key.deletionDate()));
            m.put("PendingDeletionWindowInDays", key.pendingWindowInDays());
        }
        if (key.validTo() != null) {
            m.put("ValidTo", Json.timestamp(key.validTo()));
        }
        m.put("Origin", key.origin().name());
        if (key.expirationModel() != null) {
            m.put("ExpirationModel", key.expirationModel().name());
        }
        m.put("KeyManager", "CUSTOMER");
        m.put("CustomerMasterKeySpec", key.keySpec().name());
        m.put("KeySpec", key.keySpec().name());
        Json.putList(m, "EncryptionAlgorithms", KeySpecs.encryptionAlgorithms(key.keySpec(), key.keyUsage()));
        Json.putList(m, "SigningAlgorithms", KeySpecs.signingAlgorithms(key.keySpec(), key.keyUsage()));
        Json.putList(m, "KeyAgreementAlgorithms", KeySpecs.keyAgreementAlgorithms(key.keyUsage()));
        Json.putList(m, "MacAlgorithms", KeySpecs.macAlgorithms(key.keySpec(), key.keyUsage()));
        m.put("MultiRegion", false);
        if (key.isSymmetric() && key.currentMaterialId() != null) {
            m.put("CurrentKeyMaterialId", key.currentMaterialId());
        }
        return m;
    }
}
