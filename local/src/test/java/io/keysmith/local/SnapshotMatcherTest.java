package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The conformance comparison itself must be able to fail. */
class SnapshotMatcherTest {
    private static JsonNode json(String text) throws Exception {
        return Wire.JSON.readTree(text);
    }

    private static int mismatches(String recorded, String actual) throws Exception {
        SnapshotMatcher matcher = new SnapshotMatcher("us-east-1");
        matcher.match("case", json(recorded), json(actual));
        return matcher.mismatches().size();
    }

    @Test
    void errorsCompareCodeMessageAndStatus() throws Exception {
        String recorded = "{\"Error\":{\"Code\":\"NotFoundException\",\"Message\":\"Key '<key-arn>' does not exist\"},"
                + "\"ResponseMetadata\":{\"HTTPStatusCode\":400}}";
        String ok =
                "{\"Error\":{\"Code\":\"NotFoundException\",\"Message\":\"Key 'arn:aws:kms:us-east-1:111111111111:key/k' "
                        + "does not exist\"},\"ResponseMetadata\":{\"HTTPStatusCode\":400}}";
        assertEquals(0, mismatches(recorded, ok));
        assertEquals(1, mismatches(recorded, ok.replace("NotFoundException", "ValidationException")));
        assertEquals(1, mismatches(recorded, ok.replace("does not", "doesn't")));
        assertEquals(1, mismatches(recorded, ok.replace("400", "500")));
        assertEquals(1, mismatches(recorded, "{\"KeyId\":\"x\",\"ResponseMetadata\":{\"HTTPStatusCode\":200}}"));
    }

    @Test
    void placeholdersBindOnceAndStayDistinct() throws Exception {
        String recorded =
                "{\"a\":\"<key-id:1>\",\"b\":\"arn:<partition>:kms:<region>:1:key/<key-id:1>\",\"c\":\"<key-id:2>\"}";
        assertEquals(0, mismatches(recorded, "{\"a\":\"k1\",\"b\":\"arn:aws:kms:us-east-1:1:key/k1\",\"c\":\"k2\"}"));
        assertEquals(1, mismatches(recorded, "{\"a\":\"k1\",\"b\":\"arn:aws:kms:us-east-1:1:key/k9\",\"c\":\"k2\"}"));
        assertEquals(1, mismatches(recorded, "{\"a\":\"k1\",\"b\":\"arn:aws:kms:eu-west-1:1:key/k1\",\"c\":\"k2\"}"));
        assertEquals(1, mismatches(recorded, "{\"a\":\"k1\",\"b\":\"arn:aws:kms:us-east-1:1:key/k1\",\"c\":\"k1\"}"));
    }

    @Test
    void fieldsMustMatchBothWaysExceptOnesAddedSinceTheRecording() throws Exception {
        String recorded = "{\"KeyId\":\"<key-id:1>\",\"CreationDate\":\"datetime\",\"Enabled\":true}";
        assertEquals(
                0,
                mismatches(
                        recorded, "{\"KeyId\":\"k\",\"CreationDate\":1.5,\"Enabled\":true,\"KeyMaterialId\":\"m\"}"));
        assertEquals(1, mismatches(recorded, "{\"KeyId\":\"k\",\"CreationDate\":1.5,\"Enabled\":false}"));
        assertEquals(1, mismatches(recorded, "{\"KeyId\":\"k\",\"CreationDate\":\"yesterday\",\"Enabled\":true}"));
        assertEquals(1, mismatches(recorded, "{\"KeyId\":\"k\",\"CreationDate\":1.5,\"Enabled\":true,\"Extra\":1}"));
        assertTrue(mismatches(recorded, "{\"KeyId\":\"k\"}") >= 2);
    }
}
