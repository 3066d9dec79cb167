package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.DataKeyPair;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.Decrypted;
import io.keysmith.core.KeyService;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import java.util.Map;

/** GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, Decrypt. */
final class DataKeyOperations {
    private final KeyService service;

    DataKeyOperations(KeyService service) {
        this.service = service;
    }

    void register(Map<String, Operation> operations) {
        operations.put("GenerateDataKeyPair", (input, audit) -> generateDataKeyPair(input, audit, true));
        operations.put("GenerateDataKeyPairWithoutPlaintext", (input, audit) -> generateDataKeyPair(input, audit, false));
        operations.put("Decrypt", this::decrypt);
    }

    private ObjectNode generateDataKeyPair(JsonNode input, AuditFields audit, boolean withPlaintext) {
        if (input.hasNonNull("Recipient")) {
            throw new KmsUnsupportedOperationException("Keysmith does not support Recipient yet.");
        }
        DataKeyPairSpec spec = DataKeyPairSpec.valueOf(Json.text(input, "KeyPairSpec"));
        audit.keyPairSpec = spec.name();
        String operation = withPlaintext ? "GenerateDataKeyPair" : "GenerateDataKeyPairWithoutPlaintext";
        DataKeyPair pair = service.generateDataKeyPair(operation, Json.text(input, "KeyId"), spec,
                Json.stringMap(input, "EncryptionContext"), Json.flag(input, "DryRun"));
        try (var privateKey = pair.privateKey()) {
            audit.keyArn = pair.keyArn();
            ObjectNode out = Json.object();
            out.put("PrivateKeyCiphertextBlob", Json.base64(pair.privateKeyCiphertext()));
            if (withPlaintext) {
                out.put("PrivateKeyPlaintext", Json.base64(privateKey.reveal()));
            }
            out.put("PublicKey", Json.base64(pair.publicKey()));
            out.put("KeyId", pair.keyArn());
            out.put("KeyPairSpec", spec.name());
            out.put("KeyMaterialId", pair.materialId());
            return out;
        }
    }

    private ObjectNode decrypt(JsonNode input, AuditFields audit) {
        byte[] ciphertext = Json.blob(input, "CiphertextBlob");
        if (ciphertext == null) {
            throw InputValidator.missing("ciphertextBlob");
        }
        if (input.hasNonNull("Recipient")) {
            throw new KmsUnsupportedOperationException("Keysmith does not support Recipient yet.");
        }
        String algorithm = Json.text(input, "EncryptionAlgorithm");
        if (algorithm != null && !algorithm.equals("SYMMETRIC_DEFAULT")) {
            throw new InvalidCiphertextException("");
        }
        Decrypted decrypted = service.decrypt(ciphertext, Json.stringMap(input, "EncryptionContext"),
                Json.text(input, "KeyId"), Json.flag(input, "DryRun"));
        try (var plaintext = decrypted.plaintext()) {
            audit.keyArn = decrypted.keyArn();
            ObjectNode out = Json.object();
            out.put("KeyId", decrypted.keyArn());
            out.put("Plaintext", Json.base64(plaintext.reveal()));
            out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            out.put("KeyMaterialId", decrypted.materialId());
            return out;
        }
    }
}
