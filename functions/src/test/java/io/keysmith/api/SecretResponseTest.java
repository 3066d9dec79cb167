package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.SecretBytes;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Secrets in a response are held as bytes that are zeroed once the response is encoded, in the usual base64. */
class SecretResponseTest {
    @Test
    void aSecretIsWrittenAsStandardBase64AndItsCopyIsZeroedAfterwards() throws Exception {
        byte[] secret = new byte[300];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 7 + 1);
        }
        ObjectNode out = Json.object();
        try (SecretBytes bytes = new SecretBytes(secret.clone())) {
            Json.putSecret(out.putObject("nested"), "Plaintext", bytes);
        }
        // The SecretBytes is closed (zeroed) before encoding, as the operations do: the node holds its own copy.
        String encoded = TestJson.MAPPER.writeValueAsString(out);
        assertEquals("{\"nested\":{\"Plaintext\":\"" + Base64.getEncoder().encodeToString(secret) + "\"}}", encoded);
        byte[] held = out.get("nested").get("Plaintext").binaryValue();
        Json.wipeBinaries(out);
        assertArrayEquals(new byte[secret.length], held);
    }
}
