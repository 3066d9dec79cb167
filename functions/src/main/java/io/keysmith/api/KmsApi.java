package io.keysmith.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.CallScope;
import io.keysmith.core.Caller;
import io.keysmith.core.Keysmith;
import io.keysmith.core.ResolvedKey;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.KmsInternalException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.SerializationException;
import io.keysmith.core.errors.UnknownOperationException;
import io.keysmith.core.errors.ValidationException;
import io.keysmith.enclave.AttestationVerifier;
import io.keysmith.json.JsonTrees;
import io.keysmith.policy.Authorization;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
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
    private static final List<String> KEY_ID_MEMBERS =
            List.of("KeyId", "TargetKeyId", "SourceKeyId", "DestinationKeyId");

    private final Map<String, Operation> operations = new HashMap<>();
    private final ServiceModel model = ServiceModel.load();
    private final InputValidator validator = new InputValidator(model);

    /** Trusting the AWS Nitro Enclaves root for Recipient attestation documents. */
    public KmsApi(Keysmith keysmith) {
        this(keysmith, AttestationVerifier.awsNitroRoot(java.time.Clock.systemUTC()));
    }

    public KmsApi(Keysmith keysmith, AttestationVerifier attestations) {
        new KeyOperations(keysmith.keys(), keysmith.location()).register(operations);
        new AliasOperations(keysmith.aliases(), keysmith.location()).register(operations);
        new RotationOperations(keysmith.rotations()).register(operations);
        new CryptoOperations(keysmith.crypto(), attestations).register(operations);
        new GrantOperations(keysmith.grants(), keysmith.location()).register(operations);
        new SigningOperations(keysmith.signing()).register(operations);
        new MacOperations(keysmith.macs()).register(operations);
        new KeyAgreementOperations(keysmith.keyAgreement(), attestations).register(operations);
        new ImportOperations(keysmith.imports()).register(operations);
    }

    public ApiResponse handle(ApiRequest request) {
        ApiResponse response = answer(request);
        log(response.record());
        return response;
    }

    /** A key id that no CreateKey makes (version nibble 0): its lookup walks the path and always finds nothing. */
    public static final String PRIMING_KEY_ID = "00000000-0000-0000-0000-000000000000";

    /**
     * Walks a GenerateDataKeyPair's path (JSON, validation, authorization, the key lookup) for {@link #PRIMING_KEY_ID},
     * so that a cold start's first request does not load and interpret it. No key is read, and no request log line
     * is written: nobody made this request.
     */
    public void prime(Caller primer) {
        byte[] body = ("{\"KeyId\":\"" + PRIMING_KEY_ID + "\",\"KeyPairSpec\":\"ECC_NIST_P256\","
                        + "\"EncryptionContext\":{\"priming\":\"snapshot\"}}")
                .getBytes(StandardCharsets.UTF_8);
        ApiRequest request = new ApiRequest("TrentService.GenerateDataKeyPair", body, primer);
        answer(request).wipe();
        request.wipe();
    }

    private ApiResponse answer(ApiRequest request) {
        long started = System.nanoTime();
        AuditFields audit = new AuditFields();
        audit.caller = request.caller();
        String name = operationName(request.target());
        int status;
        byte[] body;
        String outcome;
        JsonNode input = null;
        ResolvedKey.clear();
        CallScope.close();
        try {
            requireModelled(name);
            input = parse(request.body());
            // Validated before the implementation is looked for, as AWS validates every modelled
            // operation: a member Keysmith does not use yet (a policy) is still never stored malformed.
            validator.validate(name, input);
            Operation operation = implementation(name);
            CallScope.open(request.caller(), Json.strings(input, "GrantTokens"));
            JsonNode result = operation.handle(input, audit);
            try {
                body = JsonTrees.write(result);
            } finally {
                // Plaintexts and private keys in the response, as bytes that can be zeroed.
                Json.wipeBinaries(result);
            }
            status = 200;
            outcome = "Success";
        } catch (KmsException e) {
            body = errorBody(e);
            status = e.httpStatus();
            outcome = e.code();
        } catch (Exception e) {
            LOG.error("internal failure in {}", name, e);
            KmsInternalException internal =
                    new KmsInternalException("The request could not be completed because of an internal error.");
            body = errorBody(internal);
            status = internal.httpStatus();
            outcome = internal.code();
        }
        String keyArn = audit.keyArn != null
                ? audit.keyArn
                : ResolvedKey.arn() != null ? ResolvedKey.arn() : keyIdAsGiven(input);
        ResolvedKey.clear();
        Authorization decision = CallScope.lastDecision();
        CallScope.close();
        RequestRecord record = new RequestRecord(
                name,
                keyArn,
                request.caller().arn(),
                audit.keyPairSpec,
                outcome,
                (System.nanoTime() - started) / 1_000_000.0,
                decision == null ? null : decision.outcome().name(),
                decision == null ? null : decision.label());
        return new ApiResponse(status, body, record);
    }

    /** When no key was found, the audit line still says which one the caller named. */
    private static String keyIdAsGiven(JsonNode input) {
        if (input != null) {
            for (String member : KEY_ID_MEMBERS) {
                if (input.path(member).isTextual()) {
                    return input.get(member).asText();
                }
            }
        }
        return null;
    }

    private static String operationName(String target) {
        return target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
    }

    private void requireModelled(String name) {
        if (name == null || !model.hasOperation(name)) {
            throw new UnknownOperationException("");
        }
    }

    private Operation implementation(String name) {
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
            JsonNode input = JsonTrees.DEFAULT.read(body);
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

    private static byte[] errorBody(KmsException e) {
        ObjectNode body = Json.object();
        body.put("__type", e.code());
        body.put("message", e.getMessage());
        return JsonTrees.write(body);
    }

    /** One structured line per request; its fields become top-level JSON fields in the Lambda's log. */
    private static void log(RequestRecord r) {
        LOG.atInfo()
                .addKeyValue("operation", r.operation())
                .addKeyValue("keyArn", r.keyArn())
                .addKeyValue("caller", r.caller())
                .addKeyValue("keyPairSpec", r.keyPairSpec())
                .addKeyValue("outcome", r.outcome())
                .addKeyValue("decision", r.decision())
                .addKeyValue("decidedBy", r.decidedBy())
                .addKeyValue("latencyMs", r.latencyMs())
                .log("request");
    }
}
