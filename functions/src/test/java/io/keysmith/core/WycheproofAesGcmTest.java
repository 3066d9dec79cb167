package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's AES-GCM vectors for the parameters {@link AesGcm} takes (256-bit key, 96-bit IV, 128-bit
 * tag; test resource wycheproof/aes_gcm_256_96_128_test.json, see its NOTICE): each valid vector seals
 * to its ciphertext and tag and opens to its message, framed or not; each invalid one is refused.
 */
class WycheproofAesGcmTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vectors() throws Exception {
        try (InputStream in =
                WycheproofAesGcmTest.class.getResourceAsStream("/wycheproof/aes_gcm_256_96_128_test.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @TestFactory
    List<DynamicTest> everyVector() throws Exception {
        JsonNode file = vectors();
        List<DynamicTest> tests = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : file.get("testGroups")) {
            assertEquals(AesGcm.KEY_LENGTH * 8, group.get("keySize").asInt());
            assertEquals(AesGcm.IV_LENGTH * 8, group.get("ivSize").asInt());
            assertEquals(AesGcm.TAG_LENGTH * 8, group.get("tagSize").asInt());
            for (JsonNode vector : group.get("tests")) {
                String result = vector.get("result").asText();
                String name = "tcId " + vector.get("tcId").asInt() + " " + result + " " + vector.get("flags");
                if (result.equals("valid")) {
                    valid++;
                    tests.add(DynamicTest.dynamicTest(name, () -> assertValid(vector)));
                } else {
                    assertEquals("invalid", result, name);
                    invalid++;
                    tests.add(DynamicTest.dynamicTest(name, () -> assertRefused(vector)));
                }
            }
        }
        System.out.printf("Wycheproof AES-GCM: %d valid and %d invalid vectors%n", valid, invalid);
        assertEquals(file.get("numberOfTests").asInt(), tests.size(), "vectors in the file");
        assertTrue(valid > 0 && invalid > 0, valid + " valid, " + invalid + " invalid");
        return tests;
    }

    private static byte[] hex(JsonNode vector, String field) {
        return HEX.parseHex(vector.get(field).asText());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertValid(JsonNode vector) {
        byte[] key = hex(vector, "key");
        byte[] iv = hex(vector, "iv");
        byte[] aad = hex(vector, "aad");
        byte[] msg = hex(vector, "msg");
        byte[] sealed = concat(hex(vector, "ct"), hex(vector, "tag"));
        assertArrayEquals(sealed, AesGcm.seal(key, iv, msg, aad));
        assertArrayEquals(msg, AesGcm.open(key, iv, sealed, aad));
        assertArrayEquals(msg, AesGcm.openFramed(key, concat(iv, sealed), aad));
    }

    private static void assertRefused(JsonNode vector) {
        byte[] key = hex(vector, "key");
        byte[] iv = hex(vector, "iv");
        byte[] aad = hex(vector, "aad");
        byte[] sealed = concat(hex(vector, "ct"), hex(vector, "tag"));
        assertThrows(AesGcm.NotAuthenticException.class, () -> AesGcm.open(key, iv, sealed, aad));
        assertThrows(AesGcm.NotAuthenticException.class, () -> AesGcm.openFramed(key, concat(iv, sealed), aad));
    }
}
