package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two distinct valid encryption contexts never give the same canonical bytes: the encoding is
 * decoded back and compared, and every canonical form seen is checked for a second owner. Seeded,
 * so that a failure can be replayed; the seed is in every assertion message.
 */
class EncryptionContextPropertyTest {
    private static final long SEED = 0x6b657973L;
    private static final int ITERATIONS = 20_000;
    /** A small alphabet makes near-misses (shared prefixes, equal lengths) common. */
    private static final String[] PIECES = {
        "",
        "a",
        "b",
        "ab",
        "\u0000",
        "\u00e9",
        "\uffff",
        "\ud83d\udd11",
        "\ud800\udc00",
        "\udbff\udfff",
        "=",
        ",",
        "\u0001\u0000",
        "k"
    };

    @Test
    void distinctContextsNeverShareCanonicalBytes() {
        Random random = new Random(SEED);
        Map<String, Map<String, String>> seen = new HashMap<>();
        for (int i = 0; i < ITERATIONS; i++) {
            Map<String, String> context = randomContext(random);
            byte[] canonical = EncryptionContext.canonical(context);
            assertEquals(context, decode(canonical), "seed " + SEED + ", iteration " + i);
            Map<String, String> earlier = seen.putIfAbsent(HexFormat.of().formatHex(canonical), context);
            if (earlier != null) {
                assertEquals(earlier, context, "seed " + SEED + ", iteration " + i + ": two contexts, one encoding");
            }
        }
    }

    /** Over arbitrary UTF-16, lone surrogates included: an encoding either decodes back to its context or is refused. */
    @Test
    void arbitraryTextEitherRoundTripsOrIsRefused() {
        Random random = new Random(SEED + 3);
        int refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Map<String, String> context = new LinkedHashMap<>();
            int entries = random.nextInt(4);
            for (int e = 0; e < entries; e++) {
                context.put(anyChars(random), anyChars(random));
            }
            byte[] canonical;
            try {
                canonical = EncryptionContext.canonical(context);
            } catch (io.keysmith.core.errors.ValidationException expected) {
                refused++;
                continue;
            }
            assertEquals(context, decode(canonical), "seed " + (SEED + 3) + ", iteration " + i);
        }
        assertFalse(refused == 0 || refused == ITERATIONS, "the generator must produce both kinds: " + refused);
    }

    /** Any chars at all, surrogates (paired or not) made common. */
    private static String anyChars(Random random) {
        char[] chars = new char[random.nextInt(4)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = random.nextInt(3) == 0 ? (char) (0xD800 + random.nextInt(0x800)) : (char) random.nextInt(0x80);
        }
        return new String(chars);
    }

    @Test
    void edgeCasesAreAllDistinct() {
        List<Map<String, String>> contexts = new ArrayList<>();
        contexts.add(Map.of());
        contexts.add(Map.of("", ""));
        contexts.add(Map.of("a", ""));
        contexts.add(Map.of("", "a"));
        contexts.add(Map.of("a", "a"));
        contexts.add(Map.of("ab", ""));
        contexts.add(Map.of("a", "b"));
        contexts.add(Map.of("a", "", "ab", ""));
        contexts.add(Map.of("a", "b", "ab", ""));
        contexts.add(Map.of("a\u0000", "b"));
        contexts.add(Map.of("a", "\u0000b"));
        contexts.add(Map.of("\ud83d\udd11", "x"));
        contexts.add(Map.of("\ud83d\udd12", "x"));
        contexts.add(Map.of("?", "x"));
        contexts.add(Map.of("\ufffd", "x"));
        contexts.add(Map.of("k", "v".repeat(65_535)));
        contexts.add(Map.of("k", "v".repeat(65_534)));
        contexts.add(Map.of("k".repeat(30_000), "v"));
        Map<String, Map<String, String>> seen = new HashMap<>();
        for (Map<String, String> context : contexts) {
            byte[] canonical = EncryptionContext.canonical(context);
            assertEquals(context, decode(canonical));
            assertEquals(null, seen.put(HexFormat.of().formatHex(canonical), context), "collision");
        }
    }

    @Test
    void validTextEncodesAsStandardUtf8() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 2_000; i++) {
            String text = randomText(random, 40);
            byte[] canonical = EncryptionContext.canonical(Map.of(text, ""));
            byte[] expected = text.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(canonical, 2, 2 + expected.length));
        }
    }

    @Test
    void orderOfInsertionDoesNotMatter() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> context = randomContext(random);
            List<Map.Entry<String, String>> entries = new ArrayList<>(context.entrySet());
            java.util.Collections.shuffle(entries, random);
            Map<String, String> shuffled = new LinkedHashMap<>();
            entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));
            assertArrayEquals(EncryptionContext.canonical(context), EncryptionContext.canonical(shuffled));
        }
    }

    private static Map<String, String> randomContext(Random random) {
        Map<String, String> context = new LinkedHashMap<>();
        int entries = random.nextInt(5);
        for (int i = 0; i < entries; i++) {
            context.put(randomText(random, 4), randomText(random, 4));
        }
        return context;
    }

    /** Valid UTF-16 only: pieces from the alphabet, or now and then any code point outside the surrogates. */
    private static String randomText(Random random, int maxPieces) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(4) == 0) {
                int codePoint;
                do {
                    codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
                } while (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
                text.appendCodePoint(codePoint);
            } else {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return text.toString();
    }

    /** The inverse of the canonical form, strict: every byte must be accounted for. */
    private static Map<String, String> decode(byte[] canonical) {
        Map<String, String> context = new HashMap<>();
        ByteBuffer in = ByteBuffer.wrap(canonical);
        while (in.hasRemaining()) {
            String key = field(in);
            String value = field(in);
            assertFalse(context.containsKey(key), "a key appears twice");
            context.put(key, value);
        }
        return context;
    }

    private static String field(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
