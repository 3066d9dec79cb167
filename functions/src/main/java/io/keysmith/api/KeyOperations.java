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
        operations.put("CreateKey", this::createKey);
        operations.put("DescribeKey", (input, audit) -> metadataResponse(keys.describeKey(Json.text(input, "KeyId")), audit));
        operations.put("ListKeys", this::listKeys);
        operations.put("EnableKey", (input, audit) -> {
            keys.enableKey(Json.text(input, "KeyId"));
            return Json.object();
        });
        operations.put("DisableKey", (input, audit) -> {
            keys.disableKey(Json.text(input, "KeyId"));
            return Json.object();
        });
        operations.put("UpdateKeyDescription", (input, audit) -> {
            keys.updateKeyDescription(Json.text(input, "KeyId"), Json.text(input, "Description"));
            return Json.object();
        });
        operations.put("ScheduleKeyDeletion", this::scheduleKeyDeletion);
        operations.put("CancelKeyDeletion", (input, audit) -> {
            KeyRecord key = keys.cancelKeyDeletion(Json.text(input, "KeyId"));
            return Json.object().put("KeyId", audit.keyArn = location.keyArn(key.keyId()));
        });
        operations.put("TagResource", (input, audit) -> {
            keys.tagResource(Json.text(input, "KeyId"), tags(input));
            return Json.object();
        });
        operations.put("UntagResource", (input, audit) -> {
            List<String> tagKeys = new ArrayList<>();
            input.path("TagKeys").forEach(k -> tagKeys.add(k.asText()));
            keys.untagResource(Json.text(input, "KeyId"), tagKeys);
            return Json.object();
        });
        operations.put("ListResourceTags", this::listResourceTags);
    }

    private ObjectNode createKey(JsonNode input, AuditFields audit) {
        String keySpec = keySpec(input);
        refuseUnhonoured(input);
        KeyRecord key = keys.createKey(new NewKey(Json.text(input, "Description"),
                keySpec == null ? null : KeySpec.valueOf(keySpec), Json.constant(input, "KeyUsage", KeyUsage.class),
                Json.constant(input, "Origin", Origin.class), tags(input)));
        return metadataResponse(key, audit);
    }

    /** KeySpec and its deprecated twin CustomerMasterKeySpec may both be given, but only alike. */
    private static String keySpec(JsonNode input) {
        String keySpec = Json.text(input, "KeySpec");
        String legacy = Json.text(input, "CustomerMasterKeySpec");
        if (keySpec != null && legacy != null && !keySpec.equals(legacy)) {
            throw new ValidationException("KeySpec and CustomerMasterKeySpec must not differ: they are the same "
                    + "parameter. Specify only KeySpec.");
        }
        return keySpec != null ? keySpec : legacy;
    }

    /** CreateKey members that Keysmith cannot honour are refused, never quietly dropped. */
    private static void refuseUnhonoured(JsonNode input) {
        String customKeyStoreId = Json.text(input, "CustomKeyStoreId");
        if (input.hasNonNull("XksKeyId") && customKeyStoreId == null) {
            throw new ValidationException("XksKeyId is valid only for a KMS key in an external key store: "
                    + "specify CustomKeyStoreId too.");
        }
        if (customKeyStoreId != null) {
            throw customKeyStoreNotFound(customKeyStoreId);
        }
        if (Json.flag(input, "MultiRegion")) {
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

    private ObjectNode listKeys(JsonNode input, AuditFields audit) {
        Page<KeyRecord> page = keys.listKeys(Json.limit(input, DEFAULT_LIMIT), Json.text(input, "Marker"));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Keys");
        for (KeyRecord key : page.items()) {
            list.addObject().put("KeyId", key.keyId()).put("KeyArn", location.keyArn(key.keyId()));
        }
        return Json.finishPage(out, page);
    }

    private ObjectNode scheduleKeyDeletion(JsonNode input, AuditFields audit) {
        KeyRecord key = keys.scheduleKeyDeletion(Json.text(input, "KeyId"), Json.integer(input, "PendingWindowInDays"));
        audit.keyArn = location.keyArn(key.keyId());
        return Json.object()
                .put("KeyId", audit.keyArn)
                .put("DeletionDate", Json.timestamp(key.deletionDate()))
                .put("KeyState", key.keyState().name())
                .put("PendingWindowInDays", key.pendingWindowInDays());
    }

    private ObjectNode listResourceTags(JsonNode input, AuditFields audit) {
        Page<Tag> page = keys.listResourceTags(Json.text(input, "KeyId"), Json.limit(input, DEFAULT_TAGS_LIMIT),
                Json.text(input, "Marker"));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Tags");
        page.items().forEach(t -> list.addObject().put("TagKey", t.key()).put("TagValue", t.value()));
        return Json.finishPage(out, page);
    }

    private static List<Tag> tags(JsonNode input) {
        List<Tag> tags = new ArrayList<>();
        input.path("Tags").forEach(t -> tags.add(new Tag(t.get("TagKey").asText(), t.get("TagValue").asText())));
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
        m.put("Origin", key.origin().name());
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
