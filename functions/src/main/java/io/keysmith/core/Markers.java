package io.keysmith.core;

import io.keysmith.core.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Pagination markers: the list they belong to and the last item returned, base64url-encoded.
 * A marker of another list, or one that does not decode, is rejected.
 */
final class Markers {
    private Markers() {
    }

    static String encode(String list, String lastItem) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + ":" + lastItem).getBytes(StandardCharsets.UTF_8));
    }

    /** The last item named by the marker, or null for no marker. */
    static String decode(String list, String marker) {
        if (marker == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (text.startsWith(list + ":") && text.length() > list.length() + 1) {
                return text.substring(list.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the rejection below
        }
        throw new ValidationException("Could not deserialize marker '" + marker + "'");
    }
}
