package io.keysmith.core;

import io.keysmith.core.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Pagination markers: the list they belong to and the last item returned, sealed under the root
 * key so that every instance of a deployment accepts them and none can be forged or edited.
 * A marker of another list, a forged one, or one that does not decode is a ValidationException.
 */
final class Markers {
    private static final byte[] AAD = "keysmith/v1/marker".getBytes(StandardCharsets.US_ASCII);
    private final RootKey rootKey;

    Markers(RootKey rootKey) {
        this.rootKey = rootKey;
    }

    String encode(String list, String lastItem) {
        byte[] position = (list + ":" + lastItem).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(rootKey.wrap(new SecretBytes(position), AAD));
    }

    /** The last item named by the marker, or null for no marker. */
    String decode(String list, String marker) {
        if (marker == null) {
            return null;
        }
        try (SecretBytes opened = rootKey.unwrap(Base64.getUrlDecoder().decode(marker), AAD)) {
            String text = new String(opened.reveal(), StandardCharsets.UTF_8);
            if (text.startsWith(list + ":") && text.length() > list.length() + 1) {
                return text.substring(list.length() + 1);
            }
        } catch (RuntimeException notOurs) {
            // not base64, or not sealed by this deployment's root key: rejected below
        }
        throw new ValidationException("Could not deserialize marker '" + marker + "'");
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
