package io.keysmith.core;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grant's encryption context constraints; either map may be null (absent). In a constraint the context's keys
 * are compared without case and its values with case, as AWS documents.
 *
 * @param encryptionContextEquals the request's context must be exactly these pairs
 * @param encryptionContextSubset the request's context must include these pairs
 */
public record GrantConstraints(
        Map<String, String> encryptionContextEquals, Map<String, String> encryptionContextSubset) {
    public GrantConstraints {
        encryptionContextEquals = encryptionContextEquals == null ? null : Map.copyOf(encryptionContextEquals);
        encryptionContextSubset = encryptionContextSubset == null ? null : Map.copyOf(encryptionContextSubset);
    }

    /**
     * Whether a request's encryption context meets both constraints.
     *
     * @param context the request's pairs, keys already lower-cased, each key with its values (one, unless the
     *     request held keys that differ only by case)
     */
    boolean allows(Map<String, java.util.List<String>> context) {
        if (encryptionContextSubset != null && !includes(context, encryptionContextSubset)) {
            return false;
        }
        if (encryptionContextEquals != null) {
            int pairs = context.values().stream().mapToInt(java.util.List::size).sum();
            return pairs == encryptionContextEquals.size() && includes(context, encryptionContextEquals);
        }
        return true;
    }

    private static boolean includes(Map<String, java.util.List<String>> context, Map<String, String> required) {
        for (Map.Entry<String, String> pair : required.entrySet()) {
            java.util.List<String> values = context.get(pair.getKey().toLowerCase(Locale.ROOT));
            if (values == null || !values.contains(pair.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A stable text of both maps, for recognising a repeated CreateGrant. */
    String canonical() {
        return "equals=" + sorted(encryptionContextEquals) + ";subset=" + sorted(encryptionContextSubset);
    }

    private static String sorted(Map<String, String> map) {
        if (map == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(map)
                .forEach((k, v) -> out.append(k.length())
                        .append(':')
                        .append(k)
                        .append(v.length())
                        .append(':')
                        .append(v));
        return out.toString();
    }
}
