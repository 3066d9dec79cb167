package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.RootKey;
import io.keysmith.core.SecretBytes;
import io.keysmith.core.TestCallers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** On the wire: an edited marker is the caller's 400; a root key (HSM) that fails while opening one is a 500. */
class MarkerFailureTest {
    private static final String MARKER = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    /** A root key whose HSM has gone away: every derivation fails. */
    private static final RootKey HSM_DOWN = new RootKey() {
        @Override
        public String id() {
            return "pkcs11:down";
        }

        @Override
        public SecretBytes derive(byte[] label, byte[] context) {
            throw new IllegalStateException("root key operation failed in the HSM: CKR_DEVICE_ERROR");
        }
    };

    private static ApiResponse listKeys(RootKey rootKey) {
        return new KmsApi(InMemoryPorts.keysmith(rootKey))
                .handle(new ApiRequest(
                        "TrentService.ListKeys",
                        ("{\"Marker\":\"" + MARKER + "\"}").getBytes(StandardCharsets.UTF_8),
                        TestCallers.ROOT));
    }

    @Test
    void anEditedMarkerIsAValidationException() throws Exception {
        ApiResponse response = listKeys(InMemoryPorts.rootKey());
        assertEquals(400, response.status(), response.bodyText());
        JsonNode body = TestJson.MAPPER.readTree(response.body());
        assertEquals("ValidationException", body.get("__type").asText());
        assertEquals(
                "Could not deserialize marker '" + MARKER + "'",
                body.get("message").asText());
    }

    @Test
    void anHsmFailureWhileOpeningAMarkerIsAnInternalError() throws Exception {
        ApiResponse response = listKeys(HSM_DOWN);
        assertEquals(500, response.status(), response.bodyText());
        assertEquals(
                "KMSInternalException",
                TestJson.MAPPER.readTree(response.body()).get("__type").asText());
    }
}
