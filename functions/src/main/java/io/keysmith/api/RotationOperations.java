package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.KeyRotationStatus;
import io.keysmith.core.Page;
import io.keysmith.core.Rotation;
import io.keysmith.core.RotationEntry;
import io.keysmith.core.RotationService;
import java.util.Map;

/** EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations. */
final class RotationOperations {
    private static final int DEFAULT_LIMIT = 100;
    private final RotationService rotations;

    RotationOperations(RotationService rotations) {
        this.rotations = rotations;
    }

    void register(Map<String, Operation> operations) {
        operations.put("EnableKeyRotation", (input, audit) -> {
            rotations.enableKeyRotation(Json.text(input, "KeyId"), Json.integer(input, "RotationPeriodInDays"));
            return Json.object();
        });
        operations.put("DisableKeyRotation", (input, audit) -> {
            rotations.disableKeyRotation(Json.text(input, "KeyId"));
            return Json.object();
        });
        operations.put("GetKeyRotationStatus", this::status);
        operations.put("RotateKeyOnDemand", (input, audit) ->
                Json.object().put("KeyId", audit.keyArn = rotations.rotateKeyOnDemand(Json.text(input, "KeyId"))));
        operations.put("ListKeyRotations", this::listKeyRotations);
    }

    private ObjectNode status(JsonNode input, AuditFields audit) {
        KeyRotationStatus status = rotations.getKeyRotationStatus(Json.text(input, "KeyId"));
        Rotation rotation = status.rotation();
        ObjectNode out = Json.object().put("KeyId", audit.keyArn = status.keyArn());
        out.put("KeyRotationEnabled", rotation.enabled());
        if (rotation.enabled()) {
            out.put("RotationPeriodInDays", rotation.periodInDays());
            out.put("NextRotationDate", Json.timestamp(rotation.nextRotationDate()));
        }
        return out;
    }

    private ObjectNode listKeyRotations(JsonNode input, AuditFields audit) {
        boolean all = "ALL_KEY_MATERIAL".equals(Json.text(input, "IncludeKeyMaterial"));
        Page<RotationEntry> page = rotations.listKeyRotations(Json.text(input, "KeyId"), all,
                Json.limit(input, DEFAULT_LIMIT), Json.text(input, "Marker"));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Rotations");
        for (RotationEntry entry : page.items()) {
            ObjectNode item = list.addObject()
                    .put("KeyId", entry.keyArn())
                    .put("KeyMaterialId", entry.materialId())
                    .put("KeyMaterialState", entry.current() ? "CURRENT" : "NON_CURRENT")
                    .put("RotationDate", Json.timestamp(entry.rotationDate()));
            if (entry.rotationType() != null) {
                item.put("RotationType", entry.rotationType().name());
            }
        }
        return Json.finishPage(out, page);
    }
}
