package io.keysmith.lambda.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.keysmith.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;

/** Edges of the JSON protocol that the side-by-side tests with the SDK's client do not reach. */
class AwsJsonTest {
    @Test
    void givenATimestampOnAWholeSecond_whenWritten_thenItIsAPlainNumber() {
        byte[] json = AwsJson.write(ExportTableToPointInTimeRequest.builder()
                .exportTime(Instant.ofEpochSecond(1_700_000_000))
                .clientToken("t")
                .build());

        assertEquals("{\"ExportTime\":1700000000,\"ClientToken\":\"t\"}", new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void givenATimestampWithAFraction_whenWritten_thenItKeepsTheFraction() {
        byte[] json = AwsJson.write(ExportTableToPointInTimeRequest.builder()
                .exportTime(Instant.ofEpochSecond(1_700_000_000, 250_000_000))
                .clientToken("t")
                .build());

        assertEquals("{\"ExportTime\":1700000000.25,\"ClientToken\":\"t\"}", new String(json, StandardCharsets.UTF_8));
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
