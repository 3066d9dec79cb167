package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.KeyRecord;
import io.keysmith.core.KeyService;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.NewKey;
import io.keysmith.core.Page;
import io.keysmith.core.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CreateKey, DescribeKey, ListKeys. */
final class KeyOperations {
    private static final int DEFAULT_LIMIT = 100;
    private final KeyService service;

    KeyOperations(KeyService service) {
        this.service = service;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreateKey", this::createKey);
        operations.put("DescribeKey", this::describeKey);
        operations.put("ListKeys", this::listKeys);
    }

    private ObjectNode createKey(JsonNode input, AuditFields audit) {
        List<Tag> tags = new ArrayList<>();
        input.path("Tags").forEach(t -> tags.add(new Tag(t.get("TagKey").asText(), t.get("TagValue").asText())));
        String keySpec = Json.text(input, "KeySpec") != null ? Json.text(input, "KeySpec") : Json.text(input, "CustomerMasterKeySpec");
        KeyRecord key = service.createKey(new NewKey(Json.text(input, "Description"), keySpec,
                Json.text(input, "KeyUsage"), Json.text(input, "Origin"), tags));
        audit.keyArn = service.location().keyArn(key.keyId());
        ObjectNode out = Json.object();
        out.set("KeyMetadata", keyMetadata(key, service.location()));
        return out;
    }

    private ObjectNode describeKey(JsonNode input, AuditFields audit) {
        KeyRecord key = service.describeKey(Json.text(input, "KeyId"));
        audit.keyArn = service.location().keyArn(key.keyId());
        ObjectNode out = Json.object();
        out.set("KeyMetadata", keyMetadata(key, service.location()));
        return out;
    }

    private ObjectNode listKeys(JsonNode input, AuditFields audit) {
        Integer limit = Json.integer(input, "Limit");
        Page<KeyRecord> page = service.listKeys(limit == null ? DEFAULT_LIMIT : limit, Json.text(input, "Marker"));
        ObjectNode out = Json.object();
        ArrayNode keys = out.putArray("Keys");
        for (KeyRecord key : page.items()) {
            keys.addObject().put("KeyId", key.keyId()).put("KeyArn", service.location().keyArn(key.keyId()));
        }
        return Pages.finish(out, page);
    }

    static ObjectNode keyMetadata(KeyRecord key, KmsLocation location) {
        ObjectNode m = Json.object();
        m.put("AWSAccountId", location.account());
        m.put("KeyId", key.keyId());
        m.put("Arn", location.keyArn(key.keyId()));
        m.put("CreationDate", Json.timestamp(key.creationDate()));
        m.put("Enabled", key.keyState() == io.keysmith.core.KeyState.Enabled);
        m.put("Description", key.description());
        m.put("KeyUsage", key.keyUsage());
        m.put("KeyState", key.keyState().name());
        m.put("Origin", key.origin());
        m.put("KeyManager", "CUSTOMER");
        m.put("CustomerMasterKeySpec", key.keySpec());
        m.put("KeySpec", key.keySpec());
        m.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        m.put("MultiRegion", false);
        m.put("CurrentKeyMaterialId", key.currentMaterialId());
        return m;
    }
}
