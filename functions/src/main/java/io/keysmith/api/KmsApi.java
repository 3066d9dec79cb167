package io.keysmith.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.Keysmith;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.KmsInternalException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.SerializationException;
import io.keysmith.core.errors.UnknownOperationException;
import io.keysmith.core.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS KMS JSON 1.1 protocol: routes {@code X-Amz-Target: TrentService.<Operation>}, validates
 * the body against the service model, runs the operation, and turns every error into an
 * AWS-shaped response. This is the one place errors become responses; nothing escapes as a 500
 * except an internal fault, whose detail goes only to the log.
 */
public final class KmsApi {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String TARGET_PREFIX = "TrentService.";
    private static final Logger LOG = LoggerFactory.getLogger(KmsApi.class);

    private final Map<String, Operation> operations = new HashMap<>();
    private final ServiceModel model = ServiceModel.load();
    private final InputValidator validator = new InputValidator(model);

    public KmsApi(Keysmith keysmith) {
        new KeyOperations(keysmith.keys(), keysmith.location()).register(operations);
        new AliasOperations(keysmith.aliases(), keysmith.location()).register(operations);
        new RotationOperations(keysmith.rotations()).register(operations);
        new CryptoOperations(keysmith.crypto()).register(operations);
    }

    public ApiResponse handle(ApiRequest request) {
        long started = System.nanoTime();
        AuditFields audit = new AuditFields();
        String name = operationName(request.target());
        ApiResponse response;
        String outcome;
        try {
            Operation operation = find(name);
            JsonNode input = parse(request.body());
            validator.validate(name, input);
            response = new ApiResponse(200, Json.MAPPER.writeValueAsBytes(operation.handle(input, audit)));
            outcome = "Success";
        } catch (KmsException e) {
            response = error(e);
            outcome = e.code();
        } catch (Exception e) {
            LOG.error("internal failure in {}", name, e);
            response = error(new KmsInternalException("The request could not be completed because of an internal error."));
            outcome = "KMSInternalException";
        }
        logRequest(name, request.caller(), audit, outcome, started);
        return response;
    }

    private static String operationName(String target) {
        return target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
    }

    private Operation find(String name) {
        if (name == null || !model.hasOperation(name)) {
            throw new UnknownOperationException("");
        }
        Operation operation = operations.get(name);
        if (operation == null) {
            throw new KmsUnsupportedOperationException("Keysmith does not implement " + name + " yet.");
        }
        return operation;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new ValidationException("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        if (body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode input = Json.MAPPER.readTree(body);
            if (input == null || !input.isObject()) {
                throw new SerializationException("The request body must be a JSON object.");
            }
            return input;
        } catch (JsonProcessingException e) {
            throw new SerializationException("The request body is not valid JSON.");
        } catch (java.io.IOException e) {
            throw new SerializationException("The request body could not be read.");
        }
    }

    private static ApiResponse error(KmsException e) {
        ObjectNode body = Json.object();
        body.put("__type", e.code());
        body.put("message", e.getMessage());
        return new ApiResponse(e.httpStatus(), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void logRequest(String operation, String caller, AuditFields audit, String outcome, long started) {
        ObjectNode line = Json.object();
        line.put("operation", operation);
        line.put("keyArn", audit.keyArn);
        line.put("caller", caller);
        line.put("keyPairSpec", audit.keyPairSpec);
        line.put("outcome", outcome);
        line.put("latencyMs", (System.nanoTime() - started) / 1_000_000.0);
        LOG.info(line.toString());
    }
}
