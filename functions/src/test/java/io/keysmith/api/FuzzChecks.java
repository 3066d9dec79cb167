package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** The fuzz targets' bar for an answer of the api: a 200 or an AWS-shaped 4xx, never a 500. */
final class FuzzChecks {
    private FuzzChecks() {}

    /** Throws (an AssertionError, which Jazzer reports as a finding) unless the response is a success or a client error. */
    static JsonNode requireAwsShaped(ApiResponse response) {
        JsonNode body;
        try {
            body = TestJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("the body is not JSON: " + response.bodyText(), e);
        }
        if (body == null || !body.isObject()) {
            throw new AssertionError("the body is not a JSON object: " + response.bodyText());
        }
        if (response.status() == 200) {
            return body;
        }
        if (response.status() < 400 || response.status() > 499) {
            throw new AssertionError("status " + response.status() + ": " + response.bodyText());
        }
        if (body.size() != 2
                || !body.path("__type").isTextual()
                || !body.path("message").isTextual()) {
            throw new AssertionError("an error body other than {__type, message}: " + response.bodyText());
        }
        if (body.get("__type").asText().equals("KMSInternalException")) {
            throw new AssertionError("an internal error: " + response.bodyText());
        }
        return body;
    }
}
