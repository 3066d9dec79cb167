package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.MessageType;
import io.keysmith.core.PublicKeyInfo;
import io.keysmith.core.SignRequest;
import io.keysmith.core.Signed;
import io.keysmith.core.SigningAlgorithm;
import io.keysmith.core.SigningService;
import io.keysmith.core.VerifyRequest;
import java.util.Map;

/** Sign, Verify and GetPublicKey: asymmetric keys used through KMS, their private keys never leaving it. */
final class SigningOperations {
    private final SigningService signing;

    SigningOperations(SigningService signing) {
        this.signing = signing;
    }

    void register(Map<String, Operation> operations) {
        operations.put("Sign", Operation.parsing(SigningOperations::signRequest, this::sign));
        operations.put("Verify", Operation.parsing(SigningOperations::verifyRequest, this::verify));
        operations.put("GetPublicKey", Operation.parsing(input -> Json.text(input, "KeyId"), this::getPublicKey));
    }

    private static SignRequest signRequest(JsonNode input) {
        return new SignRequest(
                Json.text(input, "KeyId"),
                Json.blob(input, "Message"),
                Json.constant(input, "MessageType", MessageType.class),
                Json.constant(input, "SigningAlgorithm", SigningAlgorithm.class),
                Json.flag(input, "DryRun"));
    }

    private static VerifyRequest verifyRequest(JsonNode input) {
        return new VerifyRequest(
                Json.text(input, "KeyId"),
                Json.blob(input, "Message"),
                Json.constant(input, "MessageType", MessageType.class),
                Json.blob(input, "Signature"),
                Json.constant(input, "SigningAlgorithm", SigningAlgorithm.class),
                Json.flag(input, "DryRun"));
    }

    private ObjectNode sign(SignRequest request, AuditFields audit) {
        Signed signed = signing.sign(request);
        audit.keyArn = signed.keyArn();
        return Json.object()
                .put("KeyId", signed.keyArn())
                .put("Signature", Json.base64(signed.signature()))
                .put("SigningAlgorithm", signed.algorithm().name());
    }

    private ObjectNode verify(VerifyRequest request, AuditFields audit) {
        String keyArn = signing.verify(request);
        audit.keyArn = keyArn;
        return Json.object()
                .put("KeyId", keyArn)
                .put("SignatureValid", true)
                .put("SigningAlgorithm", request.algorithm().name());
    }

    private ObjectNode getPublicKey(String keyId, AuditFields audit) {
        PublicKeyInfo info = signing.publicKey(keyId);
        audit.keyArn = info.keyArn();
        ObjectNode out = Json.object()
                .put("KeyId", info.keyArn())
                .put("PublicKey", Json.base64(info.publicKey()))
                .put("CustomerMasterKeySpec", info.keySpec().name())
                .put("KeySpec", info.keySpec().name())
                .put("KeyUsage", info.keyUsage().name());
        Json.putList(out, "EncryptionAlgorithms", info.encryptionAlgorithms());
        Json.putList(out, "SigningAlgorithms", info.signingAlgorithms());
        Json.putList(out, "KeyAgreementAlgorithms", info.keyAgreementAlgorithms());
        return out;
    }
}
