package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.ValidationException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptionContextTest {
    @Test
    void entriesAreSortedByKeyAndLengthPrefixed() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("b", "2");
        context.put("a", "1");
        assertEquals("000161000131" + "000162000132", HexFormat.of().formatHex(EncryptionContext.canonical(context)));
    }

    @Test
    void orderIsByUtf8BytesNotByJavaChars() {
        // U+FF5E sorts before U+10000 as UTF-16 chars, after it as UTF-8 bytes (EF BD BE < F0 90 80 80).
        Map<String, String> context = Map.of("\uFF5E", "x", "\uD800\uDC00", "y");
        byte[] canonical = EncryptionContext.canonical(context);
        assertEquals((byte) 0xEF, canonical[2]);
    }

    @Test
    void emptyAndMissingContextsAreTheSameAndDifferFromAnyEntry() {
        assertArrayEquals(new byte[0], EncryptionContext.canonical(null));
        assertArrayEquals(new byte[0], EncryptionContext.canonical(Map.of()));
        assertFalse(Arrays.equals(EncryptionContext.canonical(Map.of("", "")), new byte[0]));
    }

    @Test
    void entriesCannotBeShiftedAcrossKeyAndValue() {
        assertFalse(Arrays.equals(
                EncryptionContext.canonical(Map.of("ab", "c")), EncryptionContext.canonical(Map.of("a", "bc"))));
    }

    @Test
    void overlongValueIsAValidationError() {
        assertThrows(ValidationException.class, () -> EncryptionContext.canonical(Map.of("k", "v".repeat(70_000))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "\udfff", "a\udc00b", "\udc00\ud800", "\ud83d", "x\ud83d"})
    void unpairedSurrogatesAreRefusedInKeysAndValues(String text) {
        ValidationException value =
                assertThrows(ValidationException.class, () -> EncryptionContext.canonical(Map.of("a", text)));
        assertEquals("Encryption context keys and values must be valid Unicode text.", value.getMessage());
        assertThrows(ValidationException.class, () -> EncryptionContext.canonical(Map.of(text, "a")));
    }

    @Test
    void aLoneSurrogateNoLongerEncodesLikeAQuestionMark() {
        // Before: getBytes(UTF_8) wrote both as 3F, so a blob bound to one opened with the other.
        byte[] question = EncryptionContext.canonical(Map.of("a", "?"));
        assertEquals("000161" + "00013f", HexFormat.of().formatHex(question));
        assertThrows(ValidationException.class, () -> EncryptionContext.canonical(Map.of("a", "\ud800")));
    }
}
