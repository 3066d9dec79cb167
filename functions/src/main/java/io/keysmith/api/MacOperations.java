package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.MacAlgorithm;
import io.keysmith.core.MacRequest;
import io.keysmith.core.MacResult;
import io.keysmith.core.MacService;
import io.keysmith.core.SecretBytes;
import java.util.Map;

/** GenerateMac and VerifyMac. */
final class MacOperations {
    private final MacService macs;

    MacOperations(MacService macs) {
        this.macs = macs;
    }

    void register(Map<String, Operation> operations) {
        operations.put("GenerateMac", Operation.parsing(MacOperations::macRequest, this::generateMac));
        operations.put("VerifyMac", Operation.parsing(VerifyInput::from, this::verifyMac));
    }

    /** VerifyMac: the request and the MAC to compare with. */
    record VerifyInput(MacRequest request, byte[] mac) {
        static VerifyInput from(JsonNode input) {
            return new VerifyInput(macRequest(input), Json.blob(input, "Mac"));
        }
    }

    /** The handler closes the message. */
    private static MacRequest macRequest(JsonNode input) {
        return new MacRequest(
                Json.text(input, "KeyId"),
                new SecretBytes(Json.blob(input, "Message")),
                Json.constant(input, "MacAlgorithm", MacAlgorithm.class),
                Json.flag(input, "DryRun"));
    }

    private ObjectNode generateMac(MacRequest request, AuditFields audit) {
        MacResult result;
        try (SecretBytes message = request.message()) {
            result = macs.generateMac(request);
        }
        audit.keyArn = result.keyArn();
        return Json.object()
                .put("Mac", Json.base64(result.mac()))
                .put("MacAlgorithm", result.algorithm().name())
                .put("KeyId", result.keyArn());
    }

    private ObjectNode verifyMac(VerifyInput input, AuditFields audit) {
        String keyArn;
        try (SecretBytes message = input.request().message()) {
            keyArn = macs.verifyMac(input.request(), input.mac());
        }
        audit.keyArn = keyArn;
        return Json.object()
                .put("KeyId", keyArn)
                .put("MacValid", true)
                .put("MacAlgorithm", input.request().algorithm().name());
    }
}
