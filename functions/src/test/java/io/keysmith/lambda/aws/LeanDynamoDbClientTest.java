package io.keysmith.lambda.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The lean client against the SDK's own client as the reference: both send to a recording server, which answers
 * both alike; what each sends must be the same JSON, and what each returns or throws the same objects.
 */
class LeanDynamoDbClientTest {
    private final RecordingServer wire = RecordingServer.start();
    private final DynamoDbClient sdk = wire.sdkClient(DynamoDbClient.builder());
    private final LeanDynamoDbClient lean = client(wire.endpoint());
    private final SideBySide<DynamoDbClient> sideBySide = new SideBySide<>(wire, sdk, lean);

    private static LeanDynamoDbClient client(URI endpoint) {
        return new LeanDynamoDbClient(RecordingServer.service(LeanDynamoDbClient.PROTOCOL, endpoint));
    }

    @AfterEach
    void close() {
        sdk.close();
        wire.close();
    }

    private static final Map<String, AttributeValue> ITEM = Map.of(
            "PK", AttributeValue.fromS("KEY#1234abcd-12ab-34cd-56ef-1234567890ab"),
            "Version", AttributeValue.fromN("7"),
            "Wrapped", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff})),
            "Tags", AttributeValue.fromSs(List.of("a", "b")),
            "Sizes", AttributeValue.fromNs(List.of("1", "2.5")),
            "Blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))),
            "Nested",
                    AttributeValue.fromM(
                            Map.of("On", AttributeValue.fromBool(true), "Gone", AttributeValue.fromNul(true))),
            "List", AttributeValue.fromL(List.of(AttributeValue.fromS("one"), AttributeValue.fromL(List.of()))),
            "Empty", AttributeValue.fromS(""));

    /** Every operation the client serves, with the members Keysmith's stores set and more. */
    private static final List<Function<DynamoDbClient, Object>> CALLS = List.of(
            c -> c.getItem(r -> r.tableName("keys")
                    .key(Map.of("PK", ITEM.get("PK")))
                    .consistentRead(true)
                    .projectionExpression("#v")
                    .expressionAttributeNames(Map.of("#v", "Version"))),
            c -> c.putItem(r -> r.tableName("keys")
                    .item(ITEM)
                    .conditionExpression("Version = :read")
                    .expressionAttributeValues(Map.of(":read", AttributeValue.fromN("6")))
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
            c -> c.updateItem(r -> r.tableName("keys")
                    .key(Map.of("PK", ITEM.get("PK")))
                    .updateExpression("SET #c = #c + :one")
                    .expressionAttributeNames(Map.of("#c", "Count"))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                    .returnValues(ReturnValue.UPDATED_NEW)),
            c -> c.deleteItem(r -> r.tableName("keys")
                    .key(Map.of("PK", ITEM.get("PK")))
                    .conditionExpression("attribute_exists(PK)")
                    .returnValues(ReturnValue.ALL_OLD)),
            c -> c.query(r -> r.tableName("keys")
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :m)")
                    .expressionAttributeValues(Map.of(":pk", ITEM.get("PK"), ":m", AttributeValue.fromS("MATERIAL#")))
                    .exclusiveStartKey(Map.of("PK", ITEM.get("PK"), "SK", AttributeValue.fromS("META")))
                    .limit(25)
                    .scanIndexForward(false)
                    .consistentRead(true)
                    .indexName("ByAlias")),
            c -> c.scan(r -> r.tableName("keys")
                    .segment(1)
                    .totalSegments(4)
                    .limit(100)
                    .filterExpression("attribute_exists(Pool)")),
            c -> c.transactWriteItems(r -> r.clientRequestToken("token-1")
                    .transactItems(
                            t -> t.put(p ->
                                    p.tableName("keys").item(ITEM).conditionExpression("attribute_not_exists(PK)")),
                            t -> t.delete(d -> d.tableName("keys").key(Map.of("PK", ITEM.get("PK")))),
                            t -> t.update(u -> u.tableName("keys")
                                    .key(Map.of("PK", ITEM.get("PK")))
                                    .updateExpression("REMOVE Pending")),
                            t -> t.conditionCheck(k -> k.tableName("aliases")
                                    .key(Map.of("PK", ITEM.get("PK")))
                                    .conditionExpression("attribute_exists(PK)")))),
            c -> c.describeTable(r -> r.tableName("keys")),
            c -> c.createTable(r -> r.tableName("keys")
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            a -> a.attributeName("PK").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("SK").attributeType(ScalarAttributeType.S))
                    .keySchema(
                            k -> k.attributeName("PK").keyType(KeyType.HASH),
                            k -> k.attributeName("SK").keyType(KeyType.RANGE))
                    .globalSecondaryIndexes(g -> g.indexName("BySk")
                            .keySchema(k -> k.attributeName("SK").keyType(KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                    .sseSpecification(s -> s.enabled(true))
                    .deletionProtectionEnabled(true)
                    .tags(t -> t.key("app").value("keysmith"))),
            c -> c.updateTable(r -> r.tableName("keys").deletionProtectionEnabled(false)));

    @Test
    void eachOperationSendsTheSdksJson() throws Exception {
        for (Function<DynamoDbClient, Object> call : CALLS) {
            sideBySide.assertSameRequest(call);
        }
    }

    @Test
    void whatIsSentIsSignedForTheHostAndHeadersAsTheyArrive() {
        lean.getItem(r -> r.tableName("keys").key(Map.of("PK", AttributeValue.fromS("a"))));

        RecordingServer.Received sent = wire.last();
        Instant at = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .parse(sent.header("X-Amz-Date"), Instant::from);
        SigV4.Signed expected = new SigV4(RecordingServer.REGION, "dynamodb")
                .sign(
                        RecordingServer.CREDENTIALS,
                        at,
                        sent.header("Host"),
                        Map.of(
                                "Content-Type",
                                sent.header("Content-Type"),
                                "X-Amz-Target",
                                sent.header("X-Amz-Target")),
                        sent.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(expected.authorization(), sent.header("Authorization"));
        assertEquals("token", sent.header("X-Amz-Security-Token"));
    }

    @Test
    void responsesReadAsTheSdkReadsThem() {
        String item = "{\"PK\":{\"S\":\"KEY#1\"},\"Version\":{\"N\":\"7\"},\"Wrapped\":{\"B\":\"AAEC/w==\"},"
                + "\"Tags\":{\"SS\":[\"a\",\"b\"]},\"Sizes\":{\"NS\":[\"1\"]},\"Blobs\":{\"BS\":[\"eA==\"]},"
                + "\"Nested\":{\"M\":{\"On\":{\"BOOL\":true},\"Gone\":{\"NULL\":true}}},"
                + "\"List\":{\"L\":[{\"S\":\"one\"},{\"L\":[]}]}}";
        Map<Function<DynamoDbClient, Object>, String> replies = Map.of(
                c -> c.getItem(r -> r.tableName("keys").key(Map.of())),
                "{\"Item\":" + item + "}",
                c -> c.query(r -> r.tableName("keys")),
                "{\"Items\":[" + item + "," + item + "],\"Count\":2,\"ScannedCount\":3,"
                        + "\"LastEvaluatedKey\":{\"PK\":{\"S\":\"KEY#1\"}},"
                        + "\"ConsumedCapacity\":{\"TableName\":\"keys\",\"CapacityUnits\":0.5}}",
                c -> c.putItem(r -> r.tableName("keys").item(Map.of())),
                "{\"Attributes\":" + item + "}",
                c -> c.describeTable(r -> r.tableName("keys")),
                "{\"Table\":{\"TableName\":\"keys\",\"TableStatus\":\"ACTIVE\",\"CreationDateTime\":1.7647200123E9,"
                        + "\"ItemCount\":12,\"TableSizeBytes\":3456,\"DeletionProtectionEnabled\":true,"
                        + "\"KeySchema\":[{\"AttributeName\":\"PK\",\"KeyType\":\"HASH\"}],"
                        + "\"BillingModeSummary\":{\"BillingMode\":\"PAY_PER_REQUEST\","
                        + "\"LastUpdateToPayPerRequestDateTime\":1764720012},"
                        + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"BySk\",\"IndexStatus\":\"CREATING\","
                        + "\"Backfilling\":true,\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}],"
                        + "\"SomeFutureMember\":{\"x\":1}}}");
        replies.forEach(sideBySide::assertSameResponse);
    }

    @Test
    void errorsAreTheSdksExceptionsWithTheirMembers() {
        List<String> errors = List.of(
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                        + "\"message\":\"The conditional request failed\",\"Item\":{\"Version\":{\"N\":\"8\"}}}",
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
                        + "\"Message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons"
                        + " [ConditionalCheckFailed, None]\",\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\","
                        + "\"Message\":\"The conditional request failed\"},{\"Code\":\"None\"}]}",
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                        + "\"message\":\"Requested resource not found\"}",
                "{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\","
                        + "\"message\":\"The security token included in the request is invalid.\"}",
                "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"One or more parameter"
                        + " values were invalid: An AttributeValue may not contain an empty string\"}");
        for (String error : errors) {
            AwsServiceException[] both = sideBySide.assertSameError(c -> c.putItem(r -> r.tableName("t")), error);
            if (both[0] instanceof TransactionCanceledException cancelled) {
                assertEquals(
                        cancelled.cancellationReasons(),
                        ((TransactionCanceledException) both[1]).cancellationReasons());
            }
            if (both[0] instanceof ConditionalCheckFailedException failed) {
                assertEquals(failed.item(), ((ConditionalCheckFailedException) both[1]).item());
            }
        }
    }

    @Test
    void aServerErrorIsRetriedAndThenAnswered() {
        wire.reply(
                RecordingServer.Reply.of(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\"}"),
                RecordingServer.Reply.of(503, "service unavailable"),
                RecordingServer.Reply.of(200, "{\"Item\":{\"PK\":{\"S\":\"a\"}}}"));

        assertEquals(
                "a", lean.getItem(r -> r.tableName("keys")).item().get("PK").s());
        assertEquals(3, wire.received().size());
    }

    @Test
    void throttlingIsRetriedUpToTheLimitThenThrown() {
        String throttled = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}";
        for (int i = 0; i <= AwsJsonService.RETRIES; i++) {
            wire.reply(RecordingServer.Reply.of(400, throttled));
        }

        assertThrows(ProvisionedThroughputExceededException.class, () -> lean.getItem(r -> r.tableName("keys")));
        assertEquals(AwsJsonService.RETRIES + 1, wire.received().size());
    }

    @Test
    void aTooManyRequestsWithoutAnErrorCodeIsRetried() {
        wire.reply(
                RecordingServer.Reply.of(429, "Too Many Requests"),
                RecordingServer.Reply.of(200, "{\"Item\":{\"PK\":{\"S\":\"a\"}}}"));

        assertEquals(
                "a", lean.getItem(r -> r.tableName("keys")).item().get("PK").s());
        assertEquals(2, wire.received().size());
    }

    @Test
    void aTransactionStillInProgressIsRetriedWithTheSameGeneratedToken() {
        wire.reply(
                RecordingServer.Reply.of(
                        400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionInProgressException\"}"),
                RecordingServer.Reply.of(200, "{}"));

        lean.transactWriteItems(r ->
                r.transactItems(t -> t.delete(d -> d.tableName("keys").key(Map.of("PK", ITEM.get("PK"))))));

        List<RecordingServer.Received> sent = wire.received();
        assertEquals(2, sent.size());
        assertTrue(
                sent.get(0).body().matches(".*\"ClientRequestToken\":\"[0-9a-f-]{36}\".*"),
                sent.get(0).body());
        assertEquals(sent.get(0).body(), sent.get(1).body());
    }

    @Test
    void aConditionThatFailedIsNotRetried() {
        wire.reply(RecordingServer.Reply.of(
                400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\"}"));

        assertThrows(ConditionalCheckFailedException.class, () -> lean.putItem(r -> r.tableName("keys")));
        assertEquals(1, wire.received().size());
    }

    @Test
    void aResponseDamagedOnTheWayIsRetriedAndNeverRead() {
        wire.reply(
                new RecordingServer.Reply(200, "{\"Item\":{\"PK\":{\"S\":\"forged\"}}}", "12345"),
                RecordingServer.Reply.of(200, "{\"Item\":{\"PK\":{\"S\":\"a\"}}}"));
        assertEquals(
                "a", lean.getItem(r -> r.tableName("keys")).item().get("PK").s());

        for (int i = 0; i <= AwsJsonService.RETRIES; i++) {
            wire.reply(new RecordingServer.Reply(200, "{}", "1"));
        }
        SdkClientException damaged = assertThrows(SdkClientException.class, () -> lean.getItem(r -> r.tableName("k")));
        assertTrue(damaged.getMessage().contains("CRC32"), damaged.getMessage());
    }

    @Test
    void anUnreachableEndpointFailsAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LeanDynamoDbClient unreachable = client(URI.create("http://127.0.0.1:" + closedPort));

        SdkClientException failure =
                assertThrows(SdkClientException.class, () -> unreachable.getItem(r -> r.tableName("k")));
        assertTrue(failure.getMessage().startsWith("Unable to execute HTTP request"), failure.getMessage());
    }

    @Test
    void anOperationItDoesNotServeFailsLoudly() {
        assertThrows(UnsupportedOperationException.class, () -> lean.batchGetItem(r -> r.requestItems(Map.of())));
        assertTrue(wire.received().isEmpty());
    }

    @Test
    void theEndpointIsTheOneTheSdkWouldPick() {
        assertEquals(
                URI.create("https://dynamodb.eu-west-1.amazonaws.com"),
                AwsJsonService.endpoint("dynamodb", "eu-west-1", Map.of()));
        assertEquals(
                URI.create("https://dynamodb.cn-north-1.amazonaws.com.cn"),
                AwsJsonService.endpoint("dynamodb", "cn-north-1", Map.of()));
        assertEquals(
                URI.create("http://127.0.0.1:8000"),
                AwsJsonService.endpoint(
                        "dynamodb",
                        "eu-west-1",
                        Map.of(
                                "AWS_ENDPOINT_URL",
                                "http://127.0.0.1:9000",
                                "AWS_ENDPOINT_URL_DYNAMODB",
                                "http://127.0.0.1:8000")));
        assertEquals(
                URI.create("http://127.0.0.1:9000"),
                AwsJsonService.endpoint("dynamodb", "eu-west-1", Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")));
    }

    @Test
    void aFipsOrDualStackEndpointIsRefusedRatherThanIgnored() {
        for (String setting : List.of("AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT")) {
            IllegalStateException refused = assertThrows(
                    IllegalStateException.class,
                    () -> AwsJsonService.endpoint("dynamodb", "us-east-1", Map.of(setting, "true")));
            assertTrue(refused.getMessage().contains(setting), refused.getMessage());
        }
    }

    @Test
    void anEndpointWithAPathIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> client(URI.create("http://127.0.0.1:8000/prefix")));
        assertThrows(IllegalArgumentException.class, () -> client(URI.create("localhost:8000")));
    }

    @Test
    void anUnknownErrorTypeIsADynamoDbExceptionWithItsCode() {
        wire.reply(RecordingServer.Reply.of(
                400, "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"no\"}"));

        DynamoDbException denied = assertThrows(DynamoDbException.class, () -> lean.getItem(r -> r.tableName("k")));
        assertInstanceOf(DynamoDbException.class, denied);
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        assertEquals(400, denied.statusCode());
    }

    @Test
    void anErrorThatIsNotJsonIsADynamoDbExceptionWithItsStatus() {
        wire.reply(RecordingServer.Reply.of(403, "<html>Forbidden by a proxy</html>"));

        DynamoDbException refused = assertThrows(DynamoDbException.class, () -> lean.getItem(r -> r.tableName("k")));
        assertEquals(403, refused.statusCode());
        assertEquals(1, wire.received().size());
    }
}
