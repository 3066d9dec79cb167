package io.keysmith.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.FuzzWorld;
import io.keysmith.core.TestCallers;
import java.nio.charset.StandardCharsets;

/**
 * Pagination markers through the four paged operations. An input is one byte that picks the operation,
 * then the Marker (as UTF-8). The seeds are the markers these operations hand out in {@link FuzzWorld}
 * at Limit 1, whose marker key the fixed root key derives. A marker that pages must page on.
 */
class MarkersFuzzTest {
    private static final FuzzWorld WORLD = FuzzWorld.create();
    private static final KmsApi API = new KmsApi(WORLD.keysmith());
    static final String[] OPERATIONS = {"ListKeys", "ListAliases", "ListKeyRotations", "ListResourceTags"};

    @FuzzTest
    void marker(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String operation = OPERATIONS[(input[0] & 0xff) % OPERATIONS.length];
        String marker = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        WORLD.reset();
        JsonNode page = FuzzChecks.requireAwsShaped(call(operation, marker));
        if (page.path("NextMarker").isTextual()) {
            ApiResponse next = call(operation, page.get("NextMarker").asText());
            FuzzChecks.requireAwsShaped(next);
            if (next.status() != 200) {
                throw new AssertionError("the NextMarker " + operation + " handed out is refused: " + next.bodyText());
            }
        }
    }

    static ApiResponse call(String operation, String marker) {
        ObjectNode body = Json.object();
        body.put("Limit", 1);
        if (marker != null) {
            body.put("Marker", marker);
        }
        if (!operation.equals("ListKeys")) {
            body.put("KeyId", FuzzWorld.KEY_ID);
        }
        return API.handle(new ApiRequest(
                "TrentService." + operation, body.toString().getBytes(StandardCharsets.UTF_8), TestCallers.ROOT));
    }
}
