package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.ExpirationModel;
import io.keysmith.core.ImportParameters;
import io.keysmith.core.ImportRequest;
import io.keysmith.core.ImportResult;
import io.keysmith.core.ImportService;
import io.keysmith.core.ImportType;
import io.keysmith.core.WrappingAlgorithm;
import io.keysmith.core.WrappingKeySpec;
import io.keysmith.core.errors.ValidationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;

/** GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial. */
final class ImportOperations {
    /** Far beyond any ValidTo AWS accepts (the year 5138), yet small enough to scale safely. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(100_000_000_000L);

    private final ImportService imports;

    ImportOperations(ImportService imports) {
        this.imports = imports;
    }

    void register(Map<String, Operation> operations) {
        operations.put("GetParametersForImport", Operation.parsing(GetParametersInput::from, (request, audit) -> {
            ImportParameters parameters = imports.getParametersForImport(
                    request.keyId(), request.wrappingAlgorithm(), request.wrappingKeySpec());
            audit.keyArn = parameters.keyArn();
            return Json.object()
                    .put("KeyId", parameters.keyArn())
                    .put("ImportToken", Json.base64(parameters.importToken()))
                    .put("PublicKey", Json.base64(parameters.publicKey()))
                    .put("ParametersValidTo", Json.timestamp(parameters.validTo()));
        }));
        operations.put("ImportKeyMaterial", Operation.parsing(ImportOperations::importRequest, (request, audit) -> {
            ImportResult result = imports.importKeyMaterial(request);
            return result(result, audit);
        }));
        operations.put(
                "DeleteImportedKeyMaterial",
                Operation.parsing(
                        DeleteInput::from,
                        (request, audit) -> result(
                                imports.deleteImportedKeyMaterial(request.keyId(), request.keyMaterialId()), audit)));
    }

    private static ObjectNode result(ImportResult result, AuditFields audit) {
        audit.keyArn = result.keyArn();
        return Json.object().put("KeyId", result.keyArn()).put("KeyMaterialId", result.keyMaterialId());
    }

    record GetParametersInput(String keyId, WrappingAlgorithm wrappingAlgorithm, WrappingKeySpec wrappingKeySpec) {
        static GetParametersInput from(JsonNode input) {
            return new GetParametersInput(
                    Json.text(input, "KeyId"),
                    Json.constant(input, "WrappingAlgorithm", WrappingAlgorithm.class),
                    Json.constant(input, "WrappingKeySpec", WrappingKeySpec.class));
        }
    }

    record DeleteInput(String keyId, String keyMaterialId) {
        static DeleteInput from(JsonNode input) {
            return new DeleteInput(Json.text(input, "KeyId"), Json.text(input, "KeyMaterialId"));
        }
    }

    static ImportRequest importRequest(JsonNode input) {
        return new ImportRequest(
                Json.text(input, "KeyId"),
                Json.blob(input, "ImportToken"),
                Json.blob(input, "EncryptedKeyMaterial"),
                Json.constant(input, "ExpirationModel", ExpirationModel.class),
                instant(input.get("ValidTo")),
                Json.constant(input, "ImportType", ImportType.class),
                Json.text(input, "KeyMaterialDescription"),
                Json.text(input, "KeyMaterialId"));
    }

    /** An AWS JSON timestamp (epoch seconds, a fraction for milliseconds), checked to be a number by the validator. */
    private static Instant instant(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        BigDecimal seconds = value.decimalValue();
        // Checked before scaling: a number such as 1e999999999 must not become a huge integer.
        if (seconds.abs().compareTo(MAX_SECONDS) > 0) {
            throw new ValidationException("The validTo date must be at most 365 days from now.");
        }
        return Instant.ofEpochMilli(
                seconds.movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact());
    }
}
