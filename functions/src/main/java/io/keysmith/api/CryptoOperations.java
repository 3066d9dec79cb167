package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.CryptoService;
import io.keysmith.core.DataKey;
import io.keysmith.core.DataKeyPair;
import io.keysmith.core.DataKeyPairRequest;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.DataKeyRequest;
import io.keysmith.core.DataKeySpec;
import io.keysmith.core.DecryptRequest;
import io.keysmith.core.Decrypted;
import io.keysmith.core.EncryptRequest;
import io.keysmith.core.Encrypted;
import io.keysmith.core.EncryptionAlgorithm;
import io.keysmith.core.ReEncryptRequest;
import io.keysmith.core.ReEncrypted;
import io.keysmith.core.Recipient;
import io.keysmith.core.SecretBytes;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.enclave.AttestationVerifier;
import java.util.Map;

/** The cryptographic operations: data key pairs, data keys, Encrypt, Decrypt, ReEncrypt, GenerateRandom. */
final class CryptoOperations {
    /** The algorithm of symmetric keys, and what a request without one means. */
    private static final String SYMMETRIC_DEFAULT = EncryptionAlgorithm.SYMMETRIC_DEFAULT.name();

    private final CryptoService crypto;
    private final AttestationVerifier attestations;

    CryptoOperations(CryptoService crypto, AttestationVerifier attestations) {
        this.crypto = crypto;
        this.attestations = attestations;
    }

    void register(Map<String, Operation> operations) {
        operations.put(
                "GenerateDataKeyPair",
                Operation.parsing(
                        DataKeyPairInput::withRecipient,
                        (request, audit) -> generateDataKeyPair(request, audit, true)));
        operations.put(
                "GenerateDataKeyPairWithoutPlaintext",
                Operation.parsing(
                        DataKeyPairInput::withoutRecipient,
                        (request, audit) -> generateDataKeyPair(request, audit, false)));
        operations.put(
                "GenerateDataKey",
                Operation.parsing(DataKeyInput::from, (request, audit) -> generateDataKey(request, audit, true)));
        operations.put(
                "GenerateDataKeyWithoutPlaintext",
                Operation.parsing(DataKeyInput::from, (request, audit) -> generateDataKey(request, audit, false)));
        operations.put("Encrypt", Operation.parsing(CryptoOperations::encryptRequest, this::encrypt));
        operations.put("Decrypt", Operation.parsing(DecryptInput::from, this::decrypt));
        operations.put("ReEncrypt", Operation.parsing(CryptoOperations::reEncryptRequest, this::reEncrypt));
        operations.put("GenerateRandom", Operation.parsing(GenerateRandomInput::from, this::generateRandom));
    }

    /** A request's {@code Recipient}: the attestation document it carries, which may be missing. */
    record RecipientInput(byte[] attestationDocument) {
        /** Null when the request names no recipient. */
        static RecipientInput from(JsonNode input) {
            JsonNode recipient = input.get("Recipient");
            if (recipient == null || recipient.isNull()) {
                return null;
            }
            return new RecipientInput(Json.blob(recipient, "AttestationDocument"));
        }
    }

    /** GenerateDataKeyPair and its WithoutPlaintext twin, which has no Recipient. */
    record DataKeyPairInput(DataKeyPairRequest request, RecipientInput recipient) {
        static DataKeyPairInput withRecipient(JsonNode input) {
            return new DataKeyPairInput(request(input), RecipientInput.from(input));
        }

        static DataKeyPairInput withoutRecipient(JsonNode input) {
            return new DataKeyPairInput(request(input), null);
        }

        private static DataKeyPairRequest request(JsonNode input) {
            return new DataKeyPairRequest(
                    Json.text(input, "KeyId"),
                    Json.constant(input, "KeyPairSpec", DataKeyPairSpec.class),
                    Json.stringMap(input, "EncryptionContext"),
                    Json.flag(input, "DryRun"));
        }
    }

    /** GenerateDataKey and GenerateDataKeyWithoutPlaintext; a Recipient is refused. */
    record DataKeyInput(DataKeyRequest request, boolean recipientGiven) {
        static DataKeyInput from(JsonNode input) {
            return new DataKeyInput(
                    new DataKeyRequest(
                            Json.text(input, "KeyId"),
                            Json.constant(input, "KeySpec", DataKeySpec.class),
                            Json.integer(input, "NumberOfBytes"),
                            Json.stringMap(input, "EncryptionContext"),
                            Json.flag(input, "DryRun")),
                    input.hasNonNull("Recipient"));
        }
    }

    /** Decrypt; {@code request.ciphertext()} is null when the member is missing. */
    record DecryptInput(DecryptRequest request, RecipientInput recipient) {
        static DecryptInput from(JsonNode input) {
            return new DecryptInput(
                    new DecryptRequest(
                            Json.blob(input, "CiphertextBlob"),
                            Json.stringMap(input, "EncryptionContext"),
                            Json.text(input, "KeyId"),
                            Json.constant(input, "EncryptionAlgorithm", EncryptionAlgorithm.class),
                            Json.flag(input, "DryRun")),
                    RecipientInput.from(input));
        }
    }

    record GenerateRandomInput(Integer numberOfBytes, String customKeyStoreId, boolean recipientGiven) {
        static GenerateRandomInput from(JsonNode input) {
            return new GenerateRandomInput(
                    Json.integer(input, "NumberOfBytes"),
                    Json.text(input, "CustomKeyStoreId"),
                    input.hasNonNull("Recipient"));
        }
    }

    /** Encrypt's input; the handler closes the plaintext. */
    private static EncryptRequest encryptRequest(JsonNode input) {
        return new EncryptRequest(
                Json.text(input, "KeyId"),
                new SecretBytes(Json.blob(input, "Plaintext")),
                Json.stringMap(input, "EncryptionContext"),
                Json.constant(input, "EncryptionAlgorithm", EncryptionAlgorithm.class),
                Json.flag(input, "DryRun"));
    }

    /** ReEncrypt's input; the ciphertext is null when the member is missing. */
    private static ReEncryptRequest reEncryptRequest(JsonNode input) {
        return new ReEncryptRequest(
                Json.blob(input, "CiphertextBlob"),
                Json.stringMap(input, "SourceEncryptionContext"),
                Json.text(input, "SourceKeyId"),
                Json.constant(input, "SourceEncryptionAlgorithm", EncryptionAlgorithm.class),
                Json.text(input, "DestinationKeyId"),
                Json.stringMap(input, "DestinationEncryptionContext"),
                Json.constant(input, "DestinationEncryptionAlgorithm", EncryptionAlgorithm.class),
                Json.flag(input, "DryRun"));
    }

    private static void refuseRecipient(boolean recipientGiven) {
        if (recipientGiven) {
            throw new KmsUnsupportedOperationException("Keysmith does not support Recipient yet.");
        }
    }

    /** The attested enclave of a request's Recipient, checked before anything else happens; null without one. */
    private Recipient recipient(RecipientInput recipient) {
        return attested(attestations, recipient);
    }

    /** As {@link #recipient}, for the other operations that take a Recipient. */
    static Recipient attested(AttestationVerifier attestations, RecipientInput recipient) {
        if (recipient == null) {
            return null;
        }
        if (recipient.attestationDocument() == null) {
            throw AttestationVerifier.missingDocument();
        }
        return attestations.verify(recipient.attestationDocument());
    }

    private ObjectNode generateDataKeyPair(DataKeyPairInput input, AuditFields audit, boolean withPlaintext) {
        Recipient recipient = withPlaintext ? recipient(input.recipient()) : null;
        DataKeyPairSpec spec = input.request().spec();
        audit.keyPairSpec = spec.name();
        String operation = withPlaintext ? "GenerateDataKeyPair" : "GenerateDataKeyPairWithoutPlaintext";
        DataKeyPair pair = crypto.generateDataKeyPair(operation, input.request(), recipient);
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

    private ObjectNode generateDataKey(DataKeyInput input, AuditFields audit, boolean withPlaintext) {
        refuseRecipient(input.recipientGiven());
        String operation = withPlaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext";
        DataKey dataKey = crypto.generateDataKey(operation, input.request());
        try (SecretBytes plaintext = dataKey.plaintext()) {
            audit.keyArn = dataKey.keyArn();
            ObjectNode out = Json.object().put("CiphertextBlob", Json.base64(dataKey.ciphertext()));
            if (withPlaintext) {
                Json.putSecret(out, "Plaintext", plaintext);
            }
            return out.put("KeyId", dataKey.keyArn()).put("KeyMaterialId", dataKey.materialId());
        }
    }

    private ObjectNode encrypt(EncryptRequest request, AuditFields audit) {
        Encrypted encrypted;
        try (SecretBytes plaintext = request.plaintext()) {
            encrypted = crypto.encrypt(request);
        }
        audit.keyArn = encrypted.keyArn();
        return Json.object()
                .put("CiphertextBlob", Json.base64(encrypted.ciphertext()))
                .put("KeyId", encrypted.keyArn())
                .put("EncryptionAlgorithm", algorithmName(request.algorithm()));
    }

    private ObjectNode decrypt(DecryptInput input, AuditFields audit) {
        if (input.request().ciphertext() == null) {
            throw InputValidator.missing("ciphertextBlob");
        }
        Recipient recipient = recipient(input.recipient());
        Decrypted decrypted = crypto.decrypt(input.request(), recipient);
        try (SecretBytes plaintext = decrypted.plaintext()) {
            audit.keyArn = decrypted.keyArn();
            ObjectNode out = Json.object().put("KeyId", decrypted.keyArn());
            if (decrypted.ciphertextForRecipient() != null) {
                out.put("CiphertextForRecipient", Json.base64(decrypted.ciphertextForRecipient()));
            } else {
                Json.putSecret(out, "Plaintext", plaintext);
            }
            out.put("EncryptionAlgorithm", algorithmName(input.request().algorithm()));
            return putIfPresent(out, "KeyMaterialId", decrypted.materialId());
        }
    }

    private ObjectNode reEncrypt(ReEncryptRequest request, AuditFields audit) {
        if (request.ciphertext() == null) {
            throw InputValidator.missing("ciphertextBlob");
        }
        ReEncrypted result = crypto.reEncrypt(request);
        audit.keyArn = result.destination().keyArn();
        ObjectNode out = Json.object()
                .put("CiphertextBlob", Json.base64(result.destination().ciphertext()))
                .put("SourceKeyId", result.sourceKeyArn())
                .put("KeyId", result.destination().keyArn())
                .put("SourceEncryptionAlgorithm", algorithmName(request.sourceAlgorithm()))
                .put("DestinationEncryptionAlgorithm", algorithmName(request.destinationAlgorithm()));
        putIfPresent(out, "SourceKeyMaterialId", result.sourceMaterialId());
        return putIfPresent(
                out, "DestinationKeyMaterialId", result.destination().materialId());
    }

    /** The algorithm the core used: the one requested (checked against the key), else SYMMETRIC_DEFAULT. */
    private static String algorithmName(EncryptionAlgorithm requested) {
        return requested == null ? SYMMETRIC_DEFAULT : requested.name();
    }

    /** Material ids exist only for symmetric keys; asymmetric ciphertext names none. */
    private static ObjectNode putIfPresent(ObjectNode out, String member, String value) {
        return value == null ? out : out.put(member, value);
    }

    private ObjectNode generateRandom(GenerateRandomInput input, AuditFields audit) {
        refuseRecipient(input.recipientGiven());
        if (input.customKeyStoreId() != null) {
            throw KeyOperations.customKeyStoreNotFound(input.customKeyStoreId());
        }
        try (SecretBytes random = crypto.generateRandom(input.numberOfBytes())) {
            return Json.putSecret(Json.object(), "Plaintext", random);
        }
    }
}
