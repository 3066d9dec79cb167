package io.keysmith.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON text to and from Jackson's trees with the streaming parser and generator alone. The trees are the ones
 * ObjectMapper.readTree gives (JsonTreesTest holds the two side by side), but ObjectMapper's first use loads some 300
 * classes and costs a Lambda cold start about 0.1 s for what these few lines do.
 */
public final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory WRITER = factory().build();

    /** ObjectMapper's defaults, with FAIL_ON_TRAILING_TOKENS: one value, and nothing after it. */
    public static final JsonTrees DEFAULT = new JsonTrees(factory().build(), false);

    /**
     * Also refuses a name twice in one object (STRICT_DUPLICATE_DETECTION) and keeps every fraction exact
     * (USE_BIG_DECIMAL_FOR_FLOATS): for documents where either matters, such as policies.
     */
    public static final JsonTrees EXACT = new JsonTrees(
            factory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build(), true);

    private final JsonFactory factory;
    private final boolean exactFractions;

    /**
     * Jackson keeps its parsers' and generators' buffers for reuse, and with them the last document's text; the
     * documents here carry plaintexts and private keys, so nothing is kept.
     */
    private static JsonFactoryBuilder factory() {
        return new JsonFactoryBuilder().recyclerPool(JsonRecyclerPools.nonRecyclingPool());
    }

    private JsonTrees(JsonFactory factory, boolean exactFractions) {
        this.factory = factory;
        this.exactFractions = exactFractions;
    }

    /** The tree of one JSON value; a MissingNode for input with no value at all, as ObjectMapper gives. */
    public JsonNode read(byte[] json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return read(parser);
        }
    }

    public JsonNode read(String json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return read(parser);
        }
    }

    private JsonNode read(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return MissingNode.getInstance();
        }
        JsonNode value = value(parser);
        if (parser.nextToken() != null) {
            throw new JsonParseException(
                    parser, "Trailing token (of type " + parser.currentToken() + ") after the value");
        }
        return value;
    }

    /** The value at the parser's current token; the parser's own limits (nesting depth, lengths) bound the recursion. */
    private JsonNode value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT ->
                exactFractions
                        ? NODES.numberNode(stripped(parser.getDecimalValue()))
                        : NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "Unexpected token " + parser.currentToken());
        };
    }

    private ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.set(name, value(parser)); // a repeated name: the last value, as ObjectMapper keeps
        }
        return object;
    }

    private ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(value(parser));
        }
        return array;
    }

    /** As ObjectMapper normalizes a BigDecimal in a tree. */
    private static BigDecimal stripped(BigDecimal value) {
        try {
            return value.stripTrailingZeros();
        } catch (ArithmeticException e) {
            return value;
        }
    }

    /** The tree as UTF-8 JSON, as ObjectMapper.writeValueAsBytes writes it (a binary node as base64). */
    public static byte[] write(JsonNode tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = WRITER.createGenerator(out)) {
            write(json, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String text(JsonNode tree) {
        return new String(write(tree), StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator json, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                json.writeStartObject();
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    json.writeFieldName(member.getKey());
                    write(json, member.getValue());
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (JsonNode element : node) {
                    write(json, element);
                }
                json.writeEndArray();
            }
            case STRING -> json.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> json.writeNumber(node.intValue());
                    case LONG -> json.writeNumber(node.longValue());
                    case BIG_INTEGER -> json.writeNumber(node.bigIntegerValue());
                    case FLOAT -> json.writeNumber(node.floatValue());
                    case DOUBLE -> json.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> json.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> json.writeBoolean(node.booleanValue());
            case NULL -> json.writeNull();
            case BINARY -> json.writeBinary(node.binaryValue());
            default -> throw new IllegalArgumentException("no JSON text for a " + node.getNodeType() + " node");
        }
    }
}
