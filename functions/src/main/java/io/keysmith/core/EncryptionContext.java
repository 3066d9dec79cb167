package io.keysmith.core;

import io.keysmith.core.errors.ValidationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The canonical bytes of an encryption context, bound into every ciphertext as AAD: entries sorted
 * by key (UTF-8 bytes), each key and value written as a 2-byte length and its UTF-8 bytes.
 * Text that is not valid UTF-16 (an unpaired surrogate) is refused: a lenient encoder would turn it
 * into {@code ?}, and two different contexts would then bind the same bytes.
 */
public final class EncryptionContext {
    static final String INVALID_TEXT = "Encryption context keys and values must be valid Unicode text.";

    private EncryptionContext() {}

    public static byte[] canonical(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            return new byte[0];
        }
        byte[][][] entries = context.entrySet().stream()
                .map(e -> new byte[][] {utf8(e.getKey()), utf8(e.getValue())})
                .sorted((a, b) -> Arrays.compareUnsigned(a[0], b[0]))
                .toArray(byte[][][]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[][] entry : entries) {
            writeField(out, entry[0]);
            writeField(out, entry[1]);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new ValidationException(INVALID_TEXT);
        }
    }

    private static void writeField(ByteArrayOutputStream out, byte[] field) {
        if (field.length > 0xFFFF) {
            throw new ValidationException("Encryption context keys and values must be at most 65535 bytes each.");
        }
        out.write(field.length >>> 8);
        out.write(field.length);
        out.writeBytes(field);
    }
}
