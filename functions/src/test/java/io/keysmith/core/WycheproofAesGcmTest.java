package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's AES-GCM vectors for the parameters {@link AesGcm} takes (256-bit key, 96-bit IV, 128-bit
 * tag; test resource wycheproof/aes_gcm_256_96_128_test.json, see its NOTICE): each valid vector seals
 * to its ciphertext and tag and opens to its message, framed or not; each invalid one is refused.
 */
class WycheproofAesGcmTest {
    @TestFactory
    List<DynamicTest> everyVector() throws Exception {
        return Wycheproof.everyVector("aes_gcm_256_96_128_test.json", "AES-GCM", group -> {
            assertEquals(AesGcm.KEY_LENGTH * 8, group.get("keySize").asInt());
            assertEquals(AesGcm.IV_LENGTH * 8, group.get("ivSize").asInt());
            assertEquals(AesGcm.TAG_LENGTH * 8, group.get("tagSize").asInt());
            return (vector, valid) -> {
                if (valid) {
                    assertValid(vector);
                } else {
                    assertRefused(vector);
                }
            };
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertValid(JsonNode vector) {
        byte[] key = Wycheproof.hex(vector, "key");
        byte[] iv = Wycheproof.hex(vector, "iv");
        byte[] aad = Wycheproof.hex(vector, "aad");
        byte[] msg = Wycheproof.hex(vector, "msg");
        byte[] sealed = concat(Wycheproof.hex(vector, "ct"), Wycheproof.hex(vector, "tag"));
        assertArrayEquals(sealed, AesGcm.seal(key, iv, msg, aad));
        assertArrayEquals(msg, AesGcm.open(key, iv, sealed, aad));
        assertArrayEquals(msg, AesGcm.openFramed(key, concat(iv, sealed), aad));
    }

    private static void assertRefused(JsonNode vector) {
        byte[] key = Wycheproof.hex(vector, "key");
        byte[] iv = Wycheproof.hex(vector, "iv");
        byte[] aad = Wycheproof.hex(vector, "aad");
        byte[] sealed = concat(Wycheproof.hex(vector, "ct"), Wycheproof.hex(vector, "tag"));
        assertThrows(AesGcm.NotAuthenticException.class, () -> AesGcm.open(key, iv, sealed, aad));
        assertThrows(AesGcm.NotAuthenticException.class, () -> AesGcm.openFramed(key, concat(iv, sealed), aad));
    }
}
