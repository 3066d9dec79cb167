package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.MutableClock;
import io.keysmith.core.Randomness;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.store.KeysTableSchema;
import io.keysmith.wiring.KeysmithSettings;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The warm path of the Lambda handler over DynamoDB Local on HTTP, counting the requests the AWS SDK sends: a key
 * this instance has not read costs one request (its metadata and current material in one Query), a key it read
 * within the TTL costs none; a disable through another instance (a second handler on the same table) is seen
 * within the TTL, and through the same instance at once.
 */
class KeyCacheIT {
    private final MutableClock clock = new MutableClock();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private DynamoDbLocalServer dynamoLocal;
    private DynamoDbClient dynamo;
    private KeysmithHandler instance;
    private KeysmithHandler otherInstance;

    @BeforeEach
    void start() throws Exception {
        dynamoLocal = new DynamoDbLocalServer();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request().getClass().getSimpleName());
            }
        };
        dynamo = DynamoDbClient.builder()
                .endpointOverride(dynamoLocal.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counting))
                .build();
        LambdaSettings settings = LambdaFixture.SETTINGS;
        dynamo.createTable(KeysTableSchema.keysTable(settings.keysTable()));
        dynamo.createTable(KeysTableSchema.rootKeyTable(settings.rootKeyTable()));
        new DynamoDbRootKey(dynamo, settings.rootKeyTable(), new Randomness()).create();
        instance = new KeysmithHandler(settings, LambdaFixture.OWN_API, dynamo, new Randomness(), clock);
        otherInstance = new KeysmithHandler(settings, LambdaFixture.OWN_API, dynamo, new Randomness(), clock);
    }

    @AfterEach
    void stop() throws Exception {
        dynamo.close();
        dynamoLocal.close();
    }

    @Test
    void aMissReadsTheKeyAndItsMaterialInOneRequestAndAHitReadsNothing() throws Exception {
        // Given: the root key and the classes warmed by a first key
        pair(instance, createKey(instance));
        String keyId = createKey(instance);

        // When: the first use of the new key
        requests.clear();
        assertEquals(200, pair(instance, keyId).getStatusCode());

        // Then
        assertEquals(List.of("QueryRequest"), requests, "a miss: one request");

        requests.clear();
        assertEquals(200, pair(instance, keyId).getStatusCode());
        assertEquals(List.of(), requests, "a hit: none");

        clock.advance(KeysmithSettings.DEFAULT_KEY_CACHE_TTL);
        requests.clear();
        assertEquals(200, pair(instance, keyId).getStatusCode());
        assertEquals(List.of("QueryRequest"), requests, "expired: one request again");
    }

    @Test
    void aDisableThroughAnotherInstanceIsSeenWithinTheTtlAndThroughTheSameInstanceAtOnce() throws Exception {
        String keyId = createKey(instance);
        assertEquals(200, pair(instance, keyId).getStatusCode());

        assertEquals(
                200,
                call(otherInstance, "DisableKey", "{\"KeyId\":\"" + keyId + "\"}")
                        .getStatusCode());
        assertDisabled(pair(otherInstance, keyId)); // its own write: at once

        clock.advance(KeysmithSettings.DEFAULT_KEY_CACHE_TTL);
        assertDisabled(pair(instance, keyId)); // another instance's write: within the TTL

        assertEquals(
                200,
                call(instance, "EnableKey", "{\"KeyId\":\"" + keyId + "\"}").getStatusCode());
        assertEquals(200, pair(instance, keyId).getStatusCode());
        assertEquals(
                200,
                call(instance, "DisableKey", "{\"KeyId\":\"" + keyId + "\"}").getStatusCode());
        assertDisabled(pair(instance, keyId));
    }

    @Test
    void primingBeforeASnapshotWalksTheDynamoDbPathAndLeavesNoKeyMaterialOrRootKeyBehind() throws Exception {
        String keyId = createKey(instance);
        assertEquals(200, pair(instance, keyId).getStatusCode()); // the key cached, the root key loaded

        requests.clear();
        instance.beforeCheckpoint(null);
        assertEquals(List.of("QueryRequest"), requests, "priming looks up a key that cannot exist");

        requests.clear();
        assertEquals(200, pair(instance, keyId).getStatusCode());
        assertEquals(
                List.of("QueryRequest", "GetItemRequest"),
                requests,
                "after the snapshot, the key and the root key are read again: neither was in it");
    }

    private static void assertDisabled(APIGatewayProxyResponseEvent response) throws Exception {
        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode body = LambdaFixture.JSON.readTree(response.getBody());
        assertEquals("DisabledException", body.get("__type").asText());
    }

    private static String createKey(KeysmithHandler handler) throws Exception {
        APIGatewayProxyResponseEvent created = call(handler, "CreateKey", "{}");
        assertEquals(200, created.getStatusCode(), created.getBody());
        return LambdaFixture.JSON
                .readTree(created.getBody())
                .get("KeyMetadata")
                .get("KeyId")
                .asText();
    }

    private static APIGatewayProxyResponseEvent pair(KeysmithHandler handler, String keyId) {
        return call(handler, "GenerateDataKeyPair", "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"ECC_NIST_P256\"}");
    }

    private static APIGatewayProxyResponseEvent call(KeysmithHandler handler, String operation, String body) {
        return handler.handle(LambdaFixture.event(operation, body));
    }
}
