package io.keysmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.api.KmsApi;
import io.keysmith.core.Keysmith;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.TestCallers;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.wiring.KeysmithSettings;
import io.keysmith.wiring.KeysmithWiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** KMS calls in JSON through the api, on Keysmith over the DynamoDB stores of one table. */
final class KmsCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Keysmith keysmith;
    private final KmsApi api;

    KmsCalls(DynamoDbClient dynamo, String keysTable, String rootKeyTable, Clock clock) {
        Randomness randomness = new Randomness();
        KeysmithSettings settings = new KeysmithSettings(
                dynamo,
                keysTable,
                new DynamoDbRootKey(dynamo, rootKeyTable, randomness),
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                clock);
        keysmith = KeysmithWiring.keysmith(settings);
        api = KeysmithWiring.api(settings, keysmith);
    }

    JsonNode call(String operation, String body) {
        ApiResponse response = api.handle(
                new ApiRequest("TrentService." + operation, body.getBytes(StandardCharsets.UTF_8), TestCallers.ROOT));
        assertEquals(200, response.status(), operation + ": " + response.bodyText());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String createKey() {
        return call("CreateKey", "{}").get("KeyMetadata").get("KeyId").asText();
    }
}
