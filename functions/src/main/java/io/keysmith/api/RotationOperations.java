package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.KeyRotationStatus;
import io.keysmith.core.MaterialImport;
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
        operations.put("EnableKeyRotation", Operation.parsing(EnableKeyRotationInput::from, (request, audit) -> {
            rotations.enableKeyRotation(request.keyId(), request.rotationPeriodInDays());
            return Json.object();
        }));
        operations.put("DisableKeyRotation", Operation.parsing(KeyIdInput::from, (request, audit) -> {
            rotations.disableKeyRotation(request.keyId());
            return Json.object();
        }));
        operations.put("GetKeyRotationStatus", Operation.parsing(KeyIdInput::from, this::status));
        operations.put("RotateKeyOnDemand", Operation.parsing(KeyIdInput::from, (request, audit) -> {
            audit.keyArn = rotations.rotateKeyOnDemand(request.keyId());
            return Json.object().put("KeyId", audit.keyArn);
        }));
        operations.put("ListKeyRotations", Operation.parsing(ListKeyRotationsInput::from, this::listKeyRotations));
    }

    record EnableKeyRotationInput(String keyId, Integer rotationPeriodInDays) {
        static EnableKeyRotationInput from(JsonNode input) {
            return new EnableKeyRotationInput(Json.text(input, "KeyId"), Json.integer(input, "RotationPeriodInDays"));
        }
    }

    /** ListKeyRotations's input; {@code allKeyMaterial} when IncludeKeyMaterial is ALL_KEY_MATERIAL. */
    record ListKeyRotationsInput(String keyId, boolean allKeyMaterial, int limit, String marker) {
        static ListKeyRotationsInput from(JsonNode input) {
            return new ListKeyRotationsInput(
                    Json.text(input, "KeyId"),
                    "ALL_KEY_MATERIAL".equals(Json.text(input, "IncludeKeyMaterial")),
                    Json.limit(input, DEFAULT_LIMIT),
                    Json.text(input, "Marker"));
        }
    }

    private ObjectNode status(KeyIdInput input, AuditFields audit) {
        KeyRotationStatus status = rotations.getKeyRotationStatus(input.keyId());
        Rotation rotation = status.rotation();
        audit.keyArn = status.keyArn();
        ObjectNode out = Json.object().put("KeyId", audit.keyArn);
        out.put("KeyRotationEnabled", rotation.enabled());
        if (rotation.enabled()) {
            out.put("RotationPeriodInDays", rotation.periodInDays());
            out.put("NextRotationDate", Json.timestamp(rotation.nextRotationDate()));
        }
        return out;
    }

    private ObjectNode listKeyRotations(ListKeyRotationsInput input, AuditFields audit) {
        Page<RotationEntry> page =
                rotations.listKeyRotations(input.keyId(), input.allKeyMaterial(), input.limit(), input.marker());
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Rotations");
        for (RotationEntry entry : page.items()) {
            MaterialImport imported = entry.imported();
            boolean pending = imported != null && imported.pendingRotation();
            ObjectNode item = list.addObject()
                    .put("KeyId", entry.keyArn())
                    .put("KeyMaterialId", entry.materialId())
                    .put(
                            "KeyMaterialState",
                            pending ? "PENDING_ROTATION" : entry.current() ? "CURRENT" : "NON_CURRENT");
            if (!pending) {
                item.put("RotationDate", Json.timestamp(entry.rotationDate()));
            }
            if (entry.rotationType() != null) {
                item.put("RotationType", entry.rotationType().name());
            }
            if (imported != null) {
                item.put("ImportState", entry.importedNow() ? "IMPORTED" : "PENDING_IMPORT");
                item.put("ExpirationModel", imported.expirationModel().name());
                if (imported.validTo() != null) {
                    item.put("ValidTo", Json.timestamp(imported.validTo()));
                }
                if (imported.description() != null) {
                    item.put("KeyMaterialDescription", imported.description());
                }
            }
        }
        return Json.finishPage(out, page);
    }
}
