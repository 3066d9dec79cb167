package io.keysmith.lambda;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.Randomness;
import io.keysmith.rootkey.DynamoDbRootKey;
import io.keysmith.store.KeysTableSchema;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The Lambda handler over DynamoDB Local, embedded in the test's JVM. */
final class LambdaFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final LambdaSettings SETTINGS = LambdaSettings.dynamodb("keys", "root-key", "eu-west-1", "123456789012");
    /** The deployment's own API and stage: events from elsewhere are refused. */
    static final ApiGatewayCaller OWN_API = new ApiGatewayCaller("abc123", "prod");

    static final String CALLER_ARN = "arn:aws:iam::123456789012:user/test";

    private final AmazonDynamoDBLocal dynamoLocal = DynamoDBEmbedded.create(true);
    final DynamoDbClient dynamo = dynamoLocal.dynamoDbClient();
    final Randomness randomness;
    final KeysmithHandler handler;

    /** With a root key, made by the explicit init step as a deployment's custom resource does. */
    LambdaFixture(Randomness randomness) {
        this(randomness, true);
    }

    LambdaFixture(Randomness randomness, boolean initRootKey) {
        this(randomness, initRootKey, Map.of());
    }

    /** With an RSA pool of these sizes in the keys table (empty until something refills it). */
    LambdaFixture(Randomness randomness, boolean initRootKey, Map<DataKeyPairSpec, Integer> rsaPool) {
        dynamo.createTable(KeysTableSchema.keysTable(SETTINGS.keysTable()));
        dynamo.createTable(KeysTableSchema.rootKeyTable(SETTINGS.rootKeyTable()));
        if (initRootKey) {
            new DynamoDbRootKey(dynamo, SETTINGS.rootKeyTable(), new Randomness()).create();
        }
        this.randomness = randomness;
        this.handler = new KeysmithHandler(SETTINGS, OWN_API, dynamo, randomness, rsaPool);
    }

    static APIGatewayProxyRequestEvent event(String operation, String body) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withHeaders(Map.of("x-amz-target", "TrentService." + operation))
                .withBody(body)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withApiId(OWN_API.apiId())
                        .withStage(OWN_API.stage())
                        .withAccountId("123456789012")
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                .withUserArn(CALLER_ARN)
                                .withAccountId("123456789012")
                                .withSourceIp("203.0.113.10")));
    }

    JsonNode call(String operation, String body) throws Exception {
        APIGatewayProxyResponseEvent response = handler.handle(event(operation, body));
        if (response.getStatusCode() != 200) {
            throw new AssertionError(operation + " -> " + response.getStatusCode() + " " + response.getBody());
        }
        return JSON.readTree(response.getBody());
    }

    String createKey() throws Exception {
        return call("CreateKey", "{}").get("KeyMetadata").get("KeyId").asText();
    }

    @Override
    public void close() {
        dynamoLocal.shutdown();
    }
}
