package io.keysmith.lambda.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.keysmith.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;

/** Edges of the JSON protocol that the side-by-side tests with the SDK's client do not reach. */
class AwsJsonTest {
    @Test
    void givenATimestampOnAWholeSecond_whenWritten_thenItIsSecondsAndMillisAsTheSdkWritesThem() {
        byte[] json = AwsJson.write(ExportTableToPointInTimeRequest.builder()
                .exportTime(Instant.ofEpochSecond(1_700_000_000))
                .clientToken("t")
                .build());

        assertEquals("{\"ExportTime\":1700000000.000,\"ClientToken\":\"t\"}", new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void givenATimestampWithAFraction_whenWritten_thenItKeepsTheMillis() {
        byte[] json = AwsJson.write(ExportTableToPointInTimeRequest.builder()
                .exportTime(Instant.ofEpochSecond(1_700_000_000, 250_000_000))
                .clientToken("t")
                .build());

        assertEquals("{\"ExportTime\":1700000000.250,\"ClientToken\":\"t\"}", new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void givenATimestampInAResponse_whenRead_thenItIsThatInstant() throws Exception {
        DescribeTableResponse response = AwsJson.read(
                JsonTrees.DEFAULT.read("{\"Table\":{\"CreationDateTime\":1700000000.25}}"),
                DescribeTableResponse.builder(),
                DescribeTableResponse.class);

        assertEquals(
                Instant.ofEpochSecond(1_700_000_000, 250_000_000),
                response.table().creationDateTime());
    }

    @Test
    void givenANullMapValue_whenWritten_thenTheEntryIsLeftOutAsTheSdkLeavesIt() {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put("PK", AttributeValue.fromS("a"));
        key.put("SK", null);

        byte[] json = AwsJson.write(GetItemRequest.builder().key(key).build());

        assertEquals("{\"Key\":{\"PK\":{\"S\":\"a\"}}}", new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void givenANullInAList_whenRead_thenTheElementIsNull() throws Exception {
        ListTablesResponse response = AwsJson.read(
                JsonTrees.DEFAULT.read("{\"TableNames\":[\"keys\",null]}"),
                ListTablesResponse.builder(),
                ListTablesResponse.class);

        assertEquals(Arrays.asList("keys", null), response.tableNames());
    }

    @Test
    void givenABlankSessionToken_whenCredentialsAreRead_thenThereIsNoToken() {
        SigV4.Credentials credentials = AwsJsonService.credentials(Map.of(
                        "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", " "))
                .get();

        assertNull(credentials.sessionToken());
    }
}
