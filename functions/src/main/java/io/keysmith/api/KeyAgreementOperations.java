package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.api.CryptoOperations.RecipientInput;
import io.keysmith.core.KeyAgreementAlgorithm;
import io.keysmith.core.KeyAgreementService;
import io.keysmith.core.SecretBytes;
import io.keysmith.core.SharedSecret;
import io.keysmith.core.SharedSecretRequest;
import io.keysmith.enclave.AttestationVerifier;
import java.util.Map;

/** DeriveSharedSecret; with a Recipient, the secret goes only to the attested enclave, as in GenerateDataKeyPair. */
final class KeyAgreementOperations {
    private final KeyAgreementService keyAgreement;
    private final AttestationVerifier attestations;

    KeyAgreementOperations(KeyAgreementService keyAgreement, AttestationVerifier attestations) {
        this.keyAgreement = keyAgreement;
        this.attestations = attestations;
    }

    void register(Map<String, Operation> operations) {
        operations.put("DeriveSharedSecret", Operation.parsing(DeriveInput::from, this::derive));
    }

    record DeriveInput(SharedSecretRequest request, RecipientInput recipient) {
        static DeriveInput from(JsonNode input) {
            return new DeriveInput(
                    new SharedSecretRequest(
                            Json.text(input, "KeyId"),
                            Json.constant(input, "KeyAgreementAlgorithm", KeyAgreementAlgorithm.class),
                            Json.blob(input, "PublicKey"),
                            Json.flag(input, "DryRun")),
                    RecipientInput.from(input));
        }
    }

    private ObjectNode derive(DeriveInput input, AuditFields audit) {
        SharedSecret derived = keyAgreement.deriveSharedSecret(
                input.request(), CryptoOperations.attested(attestations, input.recipient()));
        try (SecretBytes secret = derived.secret()) {
            audit.keyArn = derived.keyArn();
            ObjectNode out = Json.object().put("KeyId", derived.keyArn());
            if (derived.ciphertextForRecipient() != null) {
                out.put("CiphertextForRecipient", Json.base64(derived.ciphertextForRecipient()));
            } else {
                Json.putSecret(out, "SharedSecret", secret);
            }
            return out.put("KeyAgreementAlgorithm", input.request().algorithm().name())
                    .put("KeyOrigin", derived.keyOrigin().name());
        }
    }
}
