package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The wire itself, with a plain HTTP client: content type, error bodies, malformed requests. */
class ProtocolIT extends AgainstInMemoryRunner {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(keysmith.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertBody(HttpResponse<String> response, int status, String body) {
        assertEquals(status, response.statusCode());
        assertEquals(
                "application/x-amz-json-1.1",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(body, response.body());
    }

    @Test
    void notJsonIsSerializationException() throws Exception {
        assertBody(
                post("TrentService.GenerateDataKeyPair", "{not json"),
                400,
                "{\"__type\":\"SerializationException\",\"message\":\"The request body is not valid JSON.\"}");
    }

    @Test
    void unknownTargetIsUnknownOperation() throws Exception {
        assertBody(
                post("TrentService.MakeCoffee", "{}"),
                400,
                "{\"__type\":\"UnknownOperationException\",\"message\":\"\"}");
        assertBody(post(null, "{}"), 400, "{\"__type\":\"UnknownOperationException\",\"message\":\"\"}");
    }

    @Test
    void invalidCiphertextHasAnEmptyMessageOnTheWire() throws Exception {
        String blob = Base64.getEncoder().encodeToString(new byte[200]);
        assertBody(
                post("TrentService.Decrypt", "{\"CiphertextBlob\":\"" + blob + "\"}"),
                400,
                "{\"__type\":\"InvalidCiphertextException\",\"message\":\"\"}");
    }

    @Test
    void validationErrorsAreCountedInAwsForm() throws Exception {
        assertBody(
                post("TrentService.GenerateDataKeyPairWithoutPlaintext", "{}"),
                400,
                "{\"__type\":\"ValidationException\",\"message\":\"2 validation errors detected: "
                        + "Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
                        + "Value null at 'keyPairSpec' failed to satisfy constraint: Member must not be null\"}");
    }

    @Test
    void oversizedBodyIsRejectedWithoutA500() throws Exception {
        // Refused from its Content-Length, before the body is read (HttpEdgesIT has the raw-socket cases).
        HttpResponse<String> response =
                post("TrentService.ListKeys", "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}");
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("\"__type\":\"ValidationException\""), response.body());
    }

    @Test
    void successfulResponsesAreJson11() throws Exception {
        HttpResponse<String> response = post("TrentService.ListKeys", "{}");
        assertEquals(200, response.statusCode());
        assertEquals(
                "application/x-amz-json-1.1",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().startsWith("{\"Keys\":["), response.body());
    }
}
