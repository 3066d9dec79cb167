package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.Page;
import io.keysmith.core.SecretBytes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading validated request members and writing response members in the AWS JSON 1.1 form. */
final class Json {
    private Json() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static String text(JsonNode input, String member) {
        JsonNode value = input.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** An enum member, already checked by the validator to be one of the model's values; null when absent. */
    static <E extends Enum<E>> E constant(JsonNode input, String member, Class<E> type) {
        String value = text(input, member);
        return value == null ? null : Enum.valueOf(type, value);
    }

    static Integer integer(JsonNode input, String member) {
        JsonNode value = input.get(member);
        return value == null || value.isNull() ? null : value.asInt();
    }

    static boolean flag(JsonNode input, String member) {
        JsonNode value = input.get(member);
        return value != null && value.asBoolean(false);
    }

    /** A blob member, already checked to be base64 by the validator; null when absent. */
    static byte[] blob(JsonNode input, String member) {
        String value = text(input, member);
        return value == null ? null : Base64.getDecoder().decode(value);
    }

    static Map<String, String> stringMap(JsonNode input, String member) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode value = input.get(member);
        if (value != null && !value.isNull()) {
            value.fields()
                    .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** A list member's strings, already checked by the validator; empty when absent. */
    static List<String> strings(JsonNode input, String member) {
        List<String> out = new ArrayList<>();
        input.path(member).forEach(v -> out.add(v.asText()));
        return out;
    }

    static int limit(JsonNode input, int defaultLimit) {
        Integer limit = integer(input, "Limit");
        return limit == null ? defaultLimit : limit;
    }

    /** Writes the list only when it has entries, as AWS leaves empty algorithm lists out. */
    static void putList(ObjectNode out, String member, List<?> values) {
        if (!values.isEmpty()) {
            ArrayNode list = out.putArray(member);
            values.forEach(value -> list.add(value.toString()));
        }
    }

    /** The paging members every List operation ends with. */
    static ObjectNode finishPage(ObjectNode out, Page<?> page) {
        out.put("Truncated", page.truncated());
        if (page.truncated()) {
            out.put("NextMarker", page.nextMarker());
        }
        return out;
    }

    /**
     * Puts a secret as a binary node holding a copy of its bytes, which Jackson writes as the same
     * base64 as {@link #base64}. Unlike a base64 String, the copy can be zeroed once the response
     * is encoded: see {@link #wipeBinaries}.
     */
    static ObjectNode putSecret(ObjectNode out, String member, SecretBytes secret) {
        return out.put(member, secret.reveal().clone());
    }

    /** Zeroes the bytes of every binary node in {@code node}, once it has been written out. */
    static void wipeBinaries(JsonNode node) {
        if (node instanceof BinaryNode binary) {
            Arrays.fill(binary.binaryValue(), (byte) 0);
        } else if (node != null && node.isContainerNode()) {
            node.forEach(Json::wipeBinaries);
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** AWS JSON timestamps are epoch seconds, with milliseconds as a fraction. */
    static BigDecimal timestamp(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }
}
