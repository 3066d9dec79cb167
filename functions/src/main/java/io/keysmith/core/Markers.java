package io.keysmith.core;

import io.keysmith.core.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Pagination markers: the list they belong to and the last item returned, sealed with AES-256-GCM
 * under a marker key that the root key derives (label {@code keysmith/v1/marker-key}), so that every
 * instance of a deployment accepts them and none can be forged or edited. The root key itself never
 * touches a marker. The marker key is derived once, on first use, and kept: it is not the root key.
 *
 * <p>A marker of another list, a forged or edited one, or one that does not decode is a
 * ValidationException. A failure of the root key (the HSM) while deriving the marker key is not the
 * caller's fault and propagates as an internal error.
 */
final class Markers {
    private static final byte[] AAD = "keysmith/v1/marker".getBytes(StandardCharsets.US_ASCII);
    private final DerivedKey key;
    private final Randomness randomness;

    Markers(RootKey rootKey, Randomness randomness) {
        this.key = new DerivedKey(rootKey, "keysmith/v1/marker-key");
        this.randomness = randomness;
    }

    String encode(String list, String lastItem) {
        byte[] position = (list + ":" + lastItem).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(AesGcm.sealFramed(key.reveal(), randomness.generator(), position, AAD));
    }

    /** The last item named by the marker, or null for no marker. */
    String decode(String list, String marker) {
        if (marker == null) {
            return null;
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(marker);
        } catch (IllegalArgumentException notBase64) {
            throw invalid(marker);
        }
        byte[] markerKey = key.reveal();
        try {
            String text = new String(AesGcm.openFramed(markerKey, sealed, AAD), StandardCharsets.UTF_8);
            if (text.startsWith(list + ":") && text.length() > list.length() + 1) {
                return text.substring(list.length() + 1);
            }
        } catch (AesGcm.NotAuthenticException notOurs) {
            // forged, edited, or sealed by another deployment: rejected below
        }
        throw invalid(marker);
    }

    private static ValidationException invalid(String marker) {
        return new ValidationException("Could not deserialize marker '" + marker + "'");
    }

    /** A store's page with its raw next item turned into this list's marker. */
    <T> Page<T> encodePage(String list, Page<T> page) {
        return page.truncated() ? new Page<>(page.items(), encode(list, page.nextMarker())) : page;
    }

    /** One page of an in-memory list, continuing after the item the marker names. */
    <T> Page<T> slice(String list, List<T> items, Function<T, String> id, String marker, int limit) {
        String after = decode(list, marker);
        int start = 0;
        if (after != null) {
            while (start < items.size() && !id.apply(items.get(start)).equals(after)) {
                start++;
            }
            start++;
        }
        if (start >= items.size()) {
            return new Page<>(List.of(), null);
        }
        int end = Math.min(items.size(), start + limit);
        List<T> page = List.copyOf(items.subList(start, end));
        return new Page<>(page, end < items.size() ? encode(list, id.apply(page.get(page.size() - 1))) : null);
    }
}
