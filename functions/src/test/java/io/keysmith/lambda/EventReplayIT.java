package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.Randomness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every API Gateway proxy event in {@code events/} through the Lambda handler against
 * DynamoDB Local. Placeholders in the bodies ({{keyId}}, {{otherKeyId}}, {{aliasName}},
 * {{ciphertextBlob}}) are filled with a key, alias and blob made for each event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventReplayIT {
    private static final Path EVENTS = Path.of(System.getProperty("keysmith.events.dir"));

    /** The members each operation's response must carry. */
    private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
            Map.entry("CreateKey", List.of("KeyMetadata")),
            Map.entry("DescribeKey", List.of("KeyMetadata")),
            Map.entry("ListKeys", List.of("Keys", "Truncated")),
            Map.entry("EnableKey", List.of()),
            Map.entry("DisableKey", List.of()),
            Map.entry("UpdateKeyDescription", List.of()),
            Map.entry("ScheduleKeyDeletion", List.of("KeyId", "DeletionDate", "KeyState", "PendingWindowInDays")),
            Map.entry("CancelKeyDeletion", List.of("KeyId")),
            Map.entry("TagResource", List.of()),
            Map.entry("UntagResource", List.of()),
            Map.entry("ListResourceTags", List.of("Tags", "Truncated")),
            Map.entry("CreateAlias", List.of()),
            Map.entry("UpdateAlias", List.of()),
            Map.entry("DeleteAlias", List.of()),
            Map.entry("ListAliases", List.of("Aliases", "Truncated")),
            Map.entry("EnableKeyRotation", List.of()),
            Map.entry("DisableKeyRotation", List.of()),
            Map.entry("GetKeyRotationStatus", List.of("KeyId", "KeyRotationEnabled")),
            Map.entry("RotateKeyOnDemand", List.of("KeyId")),
            Map.entry("ListKeyRotations", List.of("Rotations", "Truncated")),
            Map.entry("GenerateDataKeyPair", List.of("KeyId", "KeyPairSpec", "PublicKey", "PrivateKeyPlaintext",
                    "PrivateKeyCiphertextBlob", "KeyMaterialId")),
            Map.entry("GenerateDataKeyPairWithoutPlaintext", List.of("KeyId", "KeyPairSpec", "PublicKey",
                    "PrivateKeyCiphertextBlob", "KeyMaterialId")),
            Map.entry("GenerateDataKey", List.of("KeyId", "Plaintext", "CiphertextBlob", "KeyMaterialId")),
            Map.entry("GenerateDataKeyWithoutPlaintext", List.of("KeyId", "CiphertextBlob", "KeyMaterialId")),
            Map.entry("Encrypt", List.of("KeyId", "CiphertextBlob", "EncryptionAlgorithm")),
            Map.entry("Decrypt", List.of("KeyId", "Plaintext", "EncryptionAlgorithm", "KeyMaterialId")),
            Map.entry("ReEncrypt", List.of("CiphertextBlob", "SourceKeyId", "KeyId")),
            Map.entry("GenerateRandom", List.of("Plaintext")));

    private LambdaFixture lambda;

    @BeforeAll
    void start() {
        lambda = new LambdaFixture(new Randomness());
    }

    @AfterAll
    void stop() {
        lambda.close();
    }

    static Stream<Path> events() throws Exception {
        return Files.list(EVENTS).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @Test
    void thereIsOneEventPerImplementedOperation() throws Exception {
        assertEquals(EXPECTED.keySet(), events().map(p -> p.getFileName().toString().replace(".json", ""))
                .collect(java.util.stream.Collectors.toSet()));
    }

    @ParameterizedTest
    @MethodSource("events")
    void eventReplaysToTheExpectedResponse(Path file) throws Exception {
        String operation = file.getFileName().toString().replace(".json", "");
        APIGatewayProxyRequestEvent event = LambdaFixture.JSON.readValue(file.toFile(), APIGatewayProxyRequestEvent.class);
        assertEquals("TrentService." + operation, event.getHeaders().get("X-Amz-Target"));

        String keyId = lambda.createKey();
        String otherKeyId = lambda.createKey();
        String alias = "alias/event-" + UUID.randomUUID();
        lambda.call("CreateAlias", "{\"AliasName\":\"" + alias + "\",\"TargetKeyId\":\"" + keyId + "\"}");
        String blob = lambda.call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AQID\"}").get("CiphertextBlob").asText();
        if (operation.equals("CancelKeyDeletion")) {
            lambda.call("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyId + "\"}");
        }
        event.setBody(event.getBody()
                .replace("{{keyId}}", keyId)
                .replace("{{otherKeyId}}", otherKeyId)
                .replace("{{aliasName}}", alias)
                .replace("{{ciphertextBlob}}", blob));

        APIGatewayProxyResponseEvent response = lambda.handler.handle(event);
        assertEquals(200, response.getStatusCode(), operation + ": " + response.getBody());
        assertEquals("application/x-amz-json-1.1", response.getHeaders().get("Content-Type"));
        JsonNode body = LambdaFixture.JSON.readTree(response.getBody());
        for (String member : EXPECTED.get(operation)) {
            assertTrue(body.hasNonNull(member), operation + " lacks " + member + ": " + response.getBody());
        }
    }
}
