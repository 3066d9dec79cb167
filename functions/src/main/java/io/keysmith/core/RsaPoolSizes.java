package io.keysmith.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The RSA pool's sizes as the user writes them, the same for the local runner's {@code --rsa-pool} and the CDK
 * context value {@code rsaPool}: {@code 2048=16,3072=8,4096=64} (modulus bits, then how many pairs to keep ready),
 * or {@code 0} for no pool. A spec left out, or given 0, is always generated inline.
 */
public final class RsaPoolSizes {
    public static final String DEFAULT = "2048=16,3072=8,4096=64";
    public static final int MAX_SIZE = 999;

    private RsaPoolSizes() {}

    /** The pooled specs and their sizes; empty for {@code 0}. */
    public static Map<DataKeyPairSpec, Integer> parse(String text) {
        Map<DataKeyPairSpec, Integer> sizes = new EnumMap<>(DataKeyPairSpec.class);
        if (text.equals("0")) {
            return Collections.unmodifiableMap(sizes);
        }
        for (String entry : text.split(",", -1)) {
            String[] parts = entry.split("=", -1);
            if (parts.length != 2 || !parts[0].matches("2048|3072|4096") || !parts[1].matches("\\d{1,4}")) {
                throw invalid(text);
            }
            int size = Integer.parseInt(parts[1]);
            DataKeyPairSpec spec = DataKeyPairSpec.valueOf("RSA_" + parts[0]);
            if (size > MAX_SIZE || sizes.containsKey(spec)) {
                throw invalid(text);
            }
            if (size > 0) {
                sizes.put(spec, size);
            }
        }
        return Collections.unmodifiableMap(sizes);
    }

    /** The sizes written back as {@link #parse} reads them: {@code 0} for none. */
    public static String format(Map<DataKeyPairSpec, Integer> sizes) {
        if (sizes.isEmpty()) {
            return "0";
        }
        return sizes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().name().substring("RSA_".length()) + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("the RSA pool sizes must be 0, or BITS=COUNT pairs separated by commas "
                + "with BITS 2048, 3072 or 4096 (each at most once) and COUNT 0 to " + MAX_SIZE
                + ", such as " + DEFAULT + "; not " + text);
    }
}
