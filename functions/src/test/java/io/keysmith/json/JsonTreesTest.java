package io.keysmith.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ObjectMapper as configured before JsonTrees replaced it is the reference: the same trees, errors and bytes. */
class JsonTreesTest {
    private static final ObjectMapper DEFAULT_MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper EXACT_MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    static List<String> inputs() {
        return List.of(
                "{\"KeyId\":\"alias/x\",\"KeyPairSpec\":\"ECC_NIST_P256\",\"EncryptionContext\":{\"a\":\"b\"}}",
                "{\"n\":[1,-2,2147483648,9223372036854775808,-9223372036854775809,0]}",
                "{\"f\":[1.5,1.50,0.0,-0.0,1e3,1E-7,2.5e400,123456789012345678901234567890.10]}",
                "{\"t\":true,\"f\":false,\"z\":null,\"e\":{},\"a\":[],\"s\":\"\"}",
                "{\"u\":\"caf\\u00e9 \\ud83d\\udd11 \\n\\t\\\"\\\\ /\",\"raw\":\"日本\"}",
                "{\"dup\":1,\"dup\":2}",
                "[1,[2,[3,{\"x\":[]}]]]",
                "\"just a string\"",
                "42",
                "null",
                "",
                "   \n ",
                "{} {}",
                "{\"a\":1} x",
                "{\"a\":1,}",
                "{\"a\":01}",
                "{\"a\":NaN}",
                "{'a':1}",
                "{\"a\":1 /* comment */}",
                "{\"a\":",
                "[1,2",
                "{\"a\":\"unterminated}",
                "{\"a\":1e99999999999}",
                "\u0000",
                "{\"a\":tru}",
                "]");
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void readsWhatTheDefaultObjectMapperReads(String input) {
        assertSameOutcome(input, DEFAULT_MAPPER, JsonTrees.DEFAULT);
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void readsWhatThePolicyObjectMapperReads(String input) {
        assertSameOutcome(input, EXACT_MAPPER, JsonTrees.EXACT);
    }

    private static void assertSameOutcome(String input, ObjectMapper reference, JsonTrees trees) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        String expected;
        try {
            expected = describe(reference.readTree(bytes));
        } catch (Exception e) {
            expected = "refused";
        }
        String actual;
        try {
            actual = describe(trees.read(bytes));
            assertEquals(actual, describe(trees.read(input)), "the String and byte[] readers differ");
        } catch (Exception e) {
            actual = "refused";
        }
        assertEquals(expected, actual, input);
    }

    /** The tree with each node's class, so that an IntNode and a LongNode of one value differ. */
    private static String describe(JsonNode node) {
        StringBuilder out = new StringBuilder(node.getClass().getSimpleName()).append('(');
        if (node.isContainerNode()) {
            node.properties()
                    .forEach(e -> out.append(e.getKey())
                            .append('=')
                            .append(describe(e.getValue()))
                            .append(','));
            if (node.isArray()) {
                node.forEach(e -> out.append(describe(e)).append(','));
            }
        } else {
            out.append(node.asText());
        }
        return out.append(')').toString();
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void writesWhatObjectMapperWrites(String input) throws Exception {
        JsonNode tree;
        try {
            tree = JsonTrees.EXACT.read(input);
        } catch (Exception notJson) {
            return; // nothing to write
        }
        if (tree.isMissingNode()) {
            return;
        }
        assertArrayEquals(DEFAULT_MAPPER.writeValueAsBytes(tree), JsonTrees.write(tree), input);
    }

    @org.junit.jupiter.api.Test
    void writesBinaryAndBuiltNodesAsObjectMapperDoes() throws Exception {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("Plaintext", new byte[] {0, 1, 2, (byte) 0xff, 9, 8, 7});
        tree.put("Empty", new byte[0]);
        tree.put("Decimal", new BigDecimal("1764720012.300"));
        tree.put("Big", new BigInteger("123456789012345678901234567890"));
        tree.put("Float", 1.25f);
        tree.put("Double", 0.1);
        tree.put("Long", Long.MIN_VALUE);
        tree.putArray("List").add("x").add(1).addNull().add(true);
        tree.putObject("Nested").put("Key", "</script>\u2028");

        assertArrayEquals(DEFAULT_MAPPER.writeValueAsBytes(tree), JsonTrees.write(tree));
    }
}
