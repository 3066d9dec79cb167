package io.keysmith.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.api.KmsApi;
import io.keysmith.core.Caller;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.store.DynamoDbLocal;
import io.keysmith.store.KeysTableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The composition root builds the graph its settings describe: their table, location, clock and root keys. */
class KeysmithWiringIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final KmsLocation LOCATION = new KmsLocation("eu-central-2", "444455556666");
    /** The deployment's own account root, whom the default policies allow everything. */
    private static final Caller LOCAL_ROOT = Caller.accountRoot(LOCATION.account(), "127.0.0.1", false);

    @RegisterExtension
    final DynamoDbLocal dynamoLocal = DynamoDbLocal.perTest();

    private final DynamoDbClient dynamo = dynamoLocal.client();
    private final Randomness randomness = new Randomness();

    private RootKey rootKey(String table) {
        dynamo.createTable(KeysTableSchema.rootKeyTable(table));
        DynamoDbRootKey rootKey = new DynamoDbRootKey(dynamo, table, randomness);
        rootKey.create();
        return rootKey;
    }

    private KmsApi api(RootKey rootKey, List<RootKey> earlier) {
        KeysmithSettings settings = new KeysmithSettings(
                dynamo, "wired-keys", rootKey, earlier, LOCATION, randomness, Clock.fixed(NOW, ZoneOffset.UTC), null);
        return KeysmithWiring.api(settings, KeysmithWiring.keysmith(settings));
    }

    private static ApiResponse call(KmsApi api, String operation, String body) {
        return api.handle(
                new ApiRequest("TrentService." + operation, body.getBytes(StandardCharsets.UTF_8), LOCAL_ROOT));
    }

    private static JsonNode ok(ApiResponse response) {
        assertEquals(200, response.status(), response.bodyText());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void keysLandInTheSettingsTableWithTheirLocationAndClock() {
        dynamo.createTable(KeysTableSchema.keysTable("wired-keys"));
        KmsApi api = api(rootKey("root"), List.of());

        JsonNode metadata = ok(call(api, "CreateKey", "{}")).get("KeyMetadata");

        assertTrue(
                metadata.get("Arn").asText().startsWith("arn:aws:kms:eu-central-2:444455556666:key/"),
                metadata.toString());
        assertEquals(NOW.getEpochSecond(), metadata.get("CreationDate").asLong());
        assertEquals(
                1,
                dynamo.scan(r -> r.tableName("wired-keys")).items().stream()
                        .filter(item -> item.get("SK").s().equals("META"))
                        .count());
    }

    @Test
    void materialOfAnEarlierRootKeyOpensOnlyWhenTheSettingsNameIt() {
        dynamo.createTable(KeysTableSchema.keysTable("wired-keys"));
        RootKey earlier = rootKey("earlier-root");
        RootKey current = rootKey("current-root");
        KmsApi before = api(earlier, List.of());
        String keyId = ok(call(before, "CreateKey", "{}"))
                .get("KeyMetadata")
                .get("KeyId")
                .asText();
        String blob = ok(call(before, "Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AQID\"}"))
                .get("CiphertextBlob")
                .asText();
        String decrypt = "{\"CiphertextBlob\":\"" + blob + "\"}";

        assertNotEquals(200, call(api(current, List.of()), "Decrypt", decrypt).status());
        assertEquals(
                "AQID",
                ok(call(api(current, List.of(earlier)), "Decrypt", decrypt))
                        .get("Plaintext")
                        .asText());
    }

    @Test
    void aTrustAnchorThatCannotBeReadStopsTheApiBeingBuilt() {
        KeysmithSettings settings = new KeysmithSettings(
                dynamo,
                "wired-keys",
                rootKey("root"),
                List.of(),
                LOCATION,
                randomness,
                Clock.systemUTC(),
                Path.of("target/no-such-anchor.pem"));

        assertThrows(UncheckedIOException.class, () -> KeysmithWiring.api(settings, KeysmithWiring.keysmith(settings)));
    }
}
