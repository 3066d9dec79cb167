package io.keysmith.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Raw KMS JSON calls, answered in the form LocalStack records AWS responses in: the body plus
 * {@code ResponseMetadata.HTTPStatusCode}, or {@code Error.Code} and {@code Error.Message}.
 */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;

    Wire(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Builds a request body from name/value pairs. */
    static ObjectNode body(Object... nameValues) {
        ObjectNode body = JSON.createObjectNode();
        for (int i = 0; i < nameValues.length; i += 2) {
            body.set((String) nameValues[i], JSON.valueToTree(nameValues[i + 1]));
        }
        return body;
    }

    JsonNode call(String operation, ObjectNode body) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .header("X-Amz-Target", "TrentService." + operation)
                            .header("Content-Type", "application/x-amz-json-1.1")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            ObjectNode parsed = (ObjectNode) JSON.readTree(response.body());
            ObjectNode snapshot = JSON.createObjectNode();
            if (response.statusCode() == 200) {
                snapshot.setAll(parsed);
            } else {
                snapshot.putObject("Error")
                        .put("Code", parsed.get("__type").asText())
                        .put("Message", parsed.get("message").asText());
            }
            snapshot.putObject("ResponseMetadata").put("HTTPStatusCode", response.statusCode());
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls and insists on success, for the set-up steps of a case. */
    JsonNode ok(String operation, ObjectNode body) {
        JsonNode response = call(operation, body);
        if (response.has("Error")) {
            throw new AssertionError(operation + " failed during set-up: " + response);
        }
        return response;
    }

    String createKey(Object... nameValues) {
        return ok("CreateKey", body(nameValues)).get("KeyMetadata").get("KeyId").asText();
    }
}
