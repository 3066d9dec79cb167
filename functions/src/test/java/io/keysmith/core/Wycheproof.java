package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;

/**
 * A Wycheproof vector file (test resource {@code wycheproof/<file>}, see its NOTICE) as one dynamic test a
 * vector: each valid vector is checked as accepted, each invalid one as refused, and every vector of the file
 * is run, with at least one of each kind.
 */
public final class Wycheproof {
    private static final HexFormat HEX = HexFormat.of();

    private Wycheproof() {}

    /** How the vectors of one test group are checked. */
    @FunctionalInterface
    public interface GroupCheck {
        /** Asserts the group's parameters, and returns the check of its vectors. */
        VectorCheck forGroup(JsonNode group) throws Exception;
    }

    /** The check of one vector: {@code valid} says whether the file expects it accepted or refused. */
    @FunctionalInterface
    public interface VectorCheck {
        void check(JsonNode vector, boolean valid) throws Throwable;
    }

    /** The dynamic tests of every vector in {@code file}; {@code title} names the vectors in the printed count. */
    public static List<DynamicTest> everyVector(String file, String title, GroupCheck groupCheck) throws Exception {
        JsonNode vectors = read(file);
        List<DynamicTest> tests = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : vectors.get("testGroups")) {
            VectorCheck check = groupCheck.forGroup(group);
            for (JsonNode vector : group.get("tests")) {
                String result = vector.get("result").asText();
                String name = "tcId " + vector.get("tcId").asInt() + " " + result + " "
                        + vector.get("comment").asText() + " " + vector.get("flags");
                boolean isValid = result.equals("valid");
                if (isValid) {
                    valid++;
                } else {
                    assertEquals("invalid", result, name);
                    invalid++;
                }
                tests.add(DynamicTest.dynamicTest(name, () -> check.check(vector, isValid)));
            }
        }
        System.out.printf("Wycheproof %s: %d valid and %d invalid vectors%n", title, valid, invalid);
        assertEquals(vectors.get("numberOfTests").asInt(), tests.size(), "vectors in the file");
        assertTrue(valid > 0 && invalid > 0, valid + " valid, " + invalid + " invalid");
        return tests;
    }

    /** The bytes of a hex field of a vector or group. */
    public static byte[] hex(JsonNode node, String field) {
        return HEX.parseHex(node.get(field).asText());
    }

    private static JsonNode read(String file) throws Exception {
        try (InputStream in = Wycheproof.class.getResourceAsStream("/wycheproof/" + file)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
