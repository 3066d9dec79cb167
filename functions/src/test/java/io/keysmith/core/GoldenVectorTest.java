package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A blob made by an earlier Keysmith must keep decrypting: the blob layout, the HKDF derivation and
 * the canonical encryption context (non-ASCII text, a surrogate pair, NUL, empty key and value) are
 * all pinned by one fixed vector.
 */
class GoldenVectorTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vector() throws Exception {
        try (InputStream in = GoldenVectorTest.class.getResourceAsStream("/golden/ciphertext-blob-v1.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Map<String, String> context(JsonNode vector) {
        Map<String, String> context = new LinkedHashMap<>();
        vector.get("encryptionContext").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        return context;
    }

    @Test
    void canonicalContextIsUnchanged() throws Exception {
        JsonNode vector = vector();
        assertEquals(vector.get("canonicalContext").asText(), HEX.formatHex(EncryptionContext.canonical(context(vector))));
    }

    @Test
    void blobMadeByAnEarlierVersionStillDecrypts() throws Exception {
        JsonNode vector = vector();
        KeyMaterial material = new KeyMaterial(vector.get("materialId").asText(),
                new SecretBytes(HEX.parseHex(vector.get("material").asText())));
        CiphertextBlob blob = CiphertextBlob.parse(HEX.parseHex(vector.get("ciphertextBlob").asText()));
        assertEquals(vector.get("keyId").asText(), blob.keyIdString());
        try (SecretBytes plaintext = new DataSealer(new Randomness())
                .open(material, blob, EncryptionContext.canonical(context(vector)))) {
            assertArrayEquals(HEX.parseHex(vector.get("plaintext").asText()), plaintext.reveal());
        }
    }
}
