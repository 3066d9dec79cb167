package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which HTTP requests are KMS calls, for the local runner and the Lambda alike. */
class HttpRoutingTest {
    private static final String JSON11 = "application/x-amz-json-1.1";

    @Test
    void onlyPostSlashWithTheJsonProtocolIsAKmsCall() {
        assertNull(HttpRouting.check("POST", "/", JSON11, true));
        assertNull(HttpRouting.check("POST", "/", "application/x-amz-json-1.0", true));
        assertNull(HttpRouting.check("POST", "/", "Application/X-Amz-Json-1.1; charset=UTF-8", true));
        assertEquals(405, HttpRouting.check("GET", "/", JSON11, true).status());
        assertEquals("POST", HttpRouting.check("PUT", "/", JSON11, true).allow());
        assertEquals(404, HttpRouting.check("POST", "/keys", JSON11, true).status());
        assertEquals(404, HttpRouting.check("GET", "/index.html", null, true).status());
    }

    @Test
    void otherContentTypesAreUnknownOperations() {
        for (String type : new String[] {
            "application/json", "text/plain", "application/x-amz-json-1.2", "application/x-www-form-urlencoded"
        }) {
            HttpRouting.Refusal refusal = HttpRouting.check("POST", "/", type, true);
            assertEquals(400, refusal.status(), type);
            assertEquals("UnknownOperationException", refusal.code());
        }
        assertEquals(400, HttpRouting.check("POST", "/", null, true).status());
        assertNull(
                HttpRouting.check("POST", "/", null, false), "the Lambda checks only a content type that is present");
    }

    @Test
    void healthIsGetOnly() {
        assertNull(HttpRouting.check("GET", "/health", null, true));
        assertTrue(HttpRouting.isHealth("HEAD", "/health"));
        assertEquals(405, HttpRouting.check("POST", "/health", JSON11, true).status());
        assertEquals("{\"status\":\"ok\"}", new String(HttpRouting.healthBody(), StandardCharsets.US_ASCII));
    }

    @Test
    void refusalsAreAwsShapedJson() {
        HttpRouting.Refusal refusal = new HttpRouting.Refusal(404, "UnknownOperationException", "say \"hi\" \\ there");
        assertEquals(
                "{\"__type\":\"UnknownOperationException\",\"message\":\"say \\\"hi\\\" \\\\ there\"}",
                new String(refusal.body(), StandardCharsets.UTF_8));
    }

    @Test
    void theQueryIsNotPartOfThePath() {
        assertEquals("/", HttpRouting.path("/?x=1"));
        assertEquals("/health", HttpRouting.path("/health"));
        assertNull(HttpRouting.path(null));
    }
}
