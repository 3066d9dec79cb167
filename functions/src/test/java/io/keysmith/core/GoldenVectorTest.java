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
 * all pinned by one fixed vector. So must material of wrap format 2: its vector pins the derivation of
 * the wrapping key from the root key and the wrap's layout and AAD (WrapFormatGoldenIT opens the same
 * vector through the DynamoDB root key, the stores and the api; format 1 needs the root key's own AES-GCM,
 * so it is opened there only).
 */
class GoldenVectorTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vector() throws Exception {
        return resource("/golden/ciphertext-blob-v1.json");
    }

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = GoldenVectorTest.class.getResourceAsStream(name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Map<String, String> context(JsonNode vector) {
        Map<String, String> context = new LinkedHashMap<>();
        vector.get("encryptionContext")
                .fields()
                .forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        return context;
    }

    @Test
    void canonicalContextIsUnchanged() throws Exception {
        JsonNode vector = vector();
        assertEquals(
                vector.get("canonicalContext").asText(), HEX.formatHex(EncryptionContext.canonical(context(vector))));
    }

    @Test
    void blobMadeByAnEarlierVersionStillDecrypts() throws Exception {
        JsonNode vector = vector();
        KeyMaterial material = new KeyMaterial(
                vector.get("materialId").asText(),
                new SecretBytes(HEX.parseHex(vector.get("material").asText())));
        CiphertextBlob blob =
                CiphertextBlob.parse(HEX.parseHex(vector.get("ciphertextBlob").asText()));
        assertEquals(vector.get("keyId").asText(), blob.keyIdString());
        try (SecretBytes plaintext =
                new DataSealer(new Randomness()).open(material, blob, EncryptionContext.canonical(context(vector)))) {
            assertArrayEquals(HEX.parseHex(vector.get("plaintext").asText()), plaintext.reveal());
        }
    }

    @Test
    void materialOfWrapFormat2MadeByAnEarlierVersionStillOpensAndItsBlobDecrypts() throws Exception {
        // Given: a root key of the vector's bytes, deriving as the DynamoDB root key does (HKDF-SHA256, zero salt)
        JsonNode vector = resource("/golden/material-wrap-format-2.json");
        RootKey rootKey = new InMemoryPorts.Root(
                vector.get("rootKeyId").asText(),
                HEX.parseHex(vector.get("rootKeyBytes").asText()));
        String keyId = vector.get("keyId").asText();
        String materialId = vector.get("materialId").asText();
        WrappedMaterial stored = new WrappedMaterial(
                keyId,
                materialId,
                HEX.parseHex(vector.get("wrappedMaterial").asText()),
                rootKey.id(),
                vector.get("wrapFormat").asInt(),
                java.time.Instant.ofEpochMilli(
                        vector.get("materialCreationDate").asLong()),
                null,
                null);
        assertEquals(MaterialWraps.FORMAT_2, stored.wrapFormat());

        // When
        try (SecretBytes material = MaterialWraps.unwrap(rootKey, stored);
                SecretBytes plaintext = new DataSealer(new Randomness())
                        .open(
                                new KeyMaterial(
                                        materialId,
                                        new SecretBytes(material.reveal().clone())),
                                CiphertextBlob.parse(java.util.Base64.getDecoder()
                                        .decode(vector.get("ciphertextBlob").asText())),
                                EncryptionContext.canonical(context(vector)))) {

            // Then
            assertArrayEquals(HEX.parseHex(vector.get("materialPlaintext").asText()), material.reveal());
            assertEquals(
                    vector.get("plaintext").asText(),
                    new String(plaintext.reveal(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
