package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.CryptoService;
import io.keysmith.core.DataKey;
import io.keysmith.core.DataKeyPair;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.DataKeySpec;
import io.keysmith.core.Decrypted;
import io.keysmith.core.Encrypted;
import io.keysmith.core.EncryptionAlgorithm;
import io.keysmith.core.ReEncrypted;
import io.keysmith.core.Recipient;
import io.keysmith.enclave.AttestationVerifier;
import io.keysmith.core.SecretBytes;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import java.util.Map;

/** The cryptographic operations: data key pairs, data keys, Encrypt, Decrypt, ReEncrypt, GenerateRandom. */
final class CryptoOperations {
    private static final String SYMMETRIC_DEFAULT = EncryptionAlgorithm.SYMMETRIC_DEFAULT.name();
    private final CryptoService crypto;
    private final AttestationVerifier attestations;

    CryptoOperations(CryptoService crypto, AttestationVerifier attestations) {
        this.crypto = crypto;
        this.attestations = attestations;
    }

    void register(Map<String, Operation> operations) {
        operations.put("GenerateDataKeyPair", (input, audit) -> generateDataKeyPair(input, audit, true));
        operations.put("GenerateDataKeyPairWithoutPlaintext", (input, audit) -> generateDataKeyPair(input, audit, false));
        operations.put("GenerateDataKey", (input, audit) -> generateDataKey(input, audit, true));
        operations.put("GenerateDataKeyWithoutPlaintext", (input, audit) -> generateDataKey(input, audit, false));
        operations.put("Encrypt", this::encrypt);
        operations.put("Decrypt", this::decrypt);
        operations.put("ReEncrypt", this::reEncrypt);
        operations.put("GenerateRandom", this::generateRandom);
    }

    private static void refuseRecipient(JsonNode input) {
        if (input.hasNonNull("Recipient")) {
            throw new KmsUnsupportedOperationException("Keysmith does not support Recipient yet.");
        }
    }

    /** The attested enclave of a request's Recipient, checked before anything else happens; null without one. */
    private Recipient recipient(JsonNode input) {
        JsonNode recipient = input.get("Recipient");
        if (recipient == null || recipient.isNull()) {
            return null;
        }
        byte[] document = Json.blob(recipient, "AttestationDocument");
        if (document == null) {
            throw AttestationVerifier.missingDocument();
        }
        return attestations.verify(document);
    }

    private ObjectNode generateDataKeyPair(JsonNode input, AuditFields audit, boolean withPlaintext) {
        Recipient recipient = withPlaintext ? recipient(input) : null;
        DataKeyPairSpec spec = DataKeyPairSpec.valueOf(Json.text(input, "KeyPairSpec"));
        audit.keyPairSpec = spec.name();
        String operation = withPlaintext ? "GenerateDataKeyPair" : "GenerateDataKeyPairWithoutPlaintext";
        DataKeyPair pair = crypto.generateDataKeyPair(operation, Json.text(input, "KeyId"), spec,
                Json.stringMap(input, "EncryptionContext"), Json.flag(input, "DryRun"), recipient);
        try (SecretBytes privateKey = pair.privateKey()) {
            audit.keyArn = pair.keyArn();
            ObjectNode out = Json.object();
            out.put("PrivateKeyCiphertextBlob", Json.base64(pair.privateKeyCiphertext()));
            if (pair.ciphertextForRecipient() != null) {
                out.put("CiphertextForRecipient", Json.base64(pair.ciphertextForRecipient()));
            } else if (withPlaintext) {
                Json.putSecret(out, "PrivateKeyPlaintext", privateKey);
            }
            out.put("PublicKey", Json.base64(pair.publicKey()));
            out.put("KeyId", pair.keyArn());
            out.put("KeyPairSpec", spec.name());
            out.put("KeyMaterialId", pair.materialId());
            return out;
        }
    }

    private ObjectNode generateDataKey(JsonNode input, AuditFields audit, boolean withPlaintext) {
        refuseRecipient(input);
        String operation = withPlaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext";
        DataKey dataKey = crypto.generateDataKey(operation, Json.text(input, "KeyId"),
                Json.constant(input, "KeySpec", DataKeySpec.class),
                Json.integer(input, "NumberOfBytes"), Json.stringMap(input, "EncryptionContext"),
                Json.flag(input, "DryRun"));
        try (SecretBytes plaintext = dataKey.plaintext()) {
            audit.keyArn = dataKey.keyArn();
            ObjectNode out = Json.object().put("CiphertextBlob", Json.base64(dataKey.ciphertext()));
            if (withPlaintext) {
                Json.putSecret(out, "Plaintext", plaintext);
            }
            return out.put("KeyId", dataKey.keyArn()).put("KeyMaterialId", dataKey.materialId());
        }
    }

    private ObjectNode encrypt(JsonNode input, AuditFields audit) {
        Encrypted encrypted;
        try (SecretBytes plaintext = new SecretBytes(Json.blob(input, "Plaintext"))) {
            encrypted = crypto.encrypt(Json.text(input, "KeyId"), plaintext.reveal(),
                    Json.stringMap(input, "EncryptionContext"), Json.constant(input, "EncryptionAlgorithm", EncryptionAlgorithm.class),
                    Json.flag(input, "DryRun"));
        }
        audit.keyArn = encrypted.keyArn();
        return Json.object()
                .put("CiphertextBlob", Json.base64(encrypted.ciphertext()))
                .put("KeyId", encrypted.keyArn())
                .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private ObjectNode decrypt(JsonNode input, AuditFields audit) {
        byte[] ciphertext = Json.blob(input, "CiphertextBlob");
        if (ciphertext == null) {
            throw InputValidator.missing("ciphertextBlob");
        }
        Recipient recipient = recipient(input);
        Decrypted decrypted = crypto.decrypt(ciphertext, Json.stringMap(input, "EncryptionContext"),
                Json.text(input, "KeyId"), Json.constant(input, "EncryptionAlgorithm", EncryptionAlgorithm.class),
                Json.flag(input, "DryRun"), recipient);
        try (SecretBytes plaintext = decrypted.plaintext()) {
            audit.keyArn = decrypted.keyArn();
            ObjectNode out = Json.object().put("KeyId", decrypted.keyArn());
            if (decrypted.ciphertextForRecipient() != null) {
                out.put("CiphertextForRecipient", Json.base64(decrypted.ciphertextForRecipient()));
            } else {
                Json.putSecret(out, "Plaintext", plaintext);
            }
            return out.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT).put("KeyMaterialId", decrypted.materialId());
        }
    }

    private ObjectNode reEncrypt(JsonNode input, AuditFields audit) {
        byte[] ciphertext = Json.blob(input, "CiphertextBlob");
        if (ciphertext == null) {
            throw InputValidator.missing("ciphertextBlob");
        }
        ReEncrypted result = crypto.reEncrypt(ciphertext, Json.stringMap(input, "SourceEncryptionContext"),
                Json.text(input, "SourceKeyId"), Json.constant(input, "SourceEncryptionAlgorithm", EncryptionAlgorithm.class),
                Json.text(input, "DestinationKeyId"), Json.stringMap(input, "DestinationEncryptionContext"),
                Json.constant(input, "DestinationEncryptionAlgorithm", EncryptionAlgorithm.class), Json.flag(input, "DryRun"));
        audit.keyArn = result.destination().keyArn();
        return Json.object()
                .put("CiphertextBlob", Json.base64(result.destination().ciphertext()))
                .put("SourceKeyId", result.sourceKeyArn())
                .put("KeyId", result.destination().keyArn())
                .put("SourceEncryptionAlgorithm", SYMMETRIC_DEFAULT)
                .put("DestinationEncryptionAlgorithm", SYMMETRIC_DEFAULT)
                .put("SourceKeyMaterialId", result.sourceMaterialId())
                .put("DestinationKeyMaterialId", result.destination().materialId());
    }

    private ObjectNode generateRandom(JsonNode input, AuditFields audit) {
        refuseRecipient(input);
        if (input.hasNonNull("CustomKeyStoreId")) {
            throw KeyOperations.customKeyStoreNotFound(Json.text(input, "CustomKeyStoreId"));
        }
        try (SecretBytes random = crypto.generateRandom(Json.integer(input, "NumberOfBytes"))) {
            return Json.putSecret(Json.object(), "Plaintext", random);
        }
    }
}
