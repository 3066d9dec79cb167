package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.errors.SerializationException;
import io.keysmith.core.errors.ValidationException;
import io.keysmith.json.JsonTrees;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a request against its input shape in the service model: required members, enums,
 * lengths, ranges, patterns, list and map sizes. Failures are reported as AWS does:
 * {@code N validation error(s) detected: Value '...' at 'member.path' failed to satisfy constraint: ...}.
 * Every string, map keys included, must be valid UTF-16 (no unpaired surrogate).
 * A member of the wrong JSON type cannot be deserialized at all and is a SerializationException.
 */
final class InputValidator {
    /** Enums whose values AWS lists in an order of its own (recorded), not the model's. */
    private static final Map<Set<String>, List<String>> AWS_ENUM_ORDER = Map.of(
            Set.of("HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512"),
            List.of("HMAC_SHA_384", "HMAC_SHA_256", "HMAC_SHA_224", "HMAC_SHA_512"));

    private final ServiceModel model;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    InputValidator(ServiceModel model) {
        this.model = model;
    }

    void validate(String operation, JsonNode input) {
        String shape = model.inputShape(operation);
        if (shape == null) {
            return;
        }
        List<String> errors = new ArrayList<>();
        checkStructure(model.shape(shape), input, "", errors);
        if (!errors.isEmpty()) {
            throw failure(errors);
        }
    }

    /** The error for a member the model leaves optional but the operation cannot do without. */
    static ValidationException missing(String memberPath) {
        return failure(List.of(nullValue(memberPath)));
    }

    private static ValidationException failure(List<String> errors) {
        String count =
                errors.size() == 1 ? "1 validation error detected: " : errors.size() + " validation errors detected: ";
        return new ValidationException(count + String.join("; ", errors));
    }

    private static String nullValue(String path) {
        return "Value null at '" + path + "' failed to satisfy constraint: Member must not be null";
    }

    private void checkStructure(JsonNode shape, JsonNode value, String prefix, List<String> errors) {
        if (!value.isObject()) {
            throw notDeserializable(prefix.isEmpty() ? "request" : prefix, "structure");
        }
        JsonNode required = shape.get("required");
        JsonNode members = shape.get("members");
        Iterator<Map.Entry<String, JsonNode>> fields = members.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> member = fields.next();
            String name = member.getKey();
            String path = prefix + Character.toLowerCase(name.charAt(0)) + name.substring(1);
            JsonNode memberValue = value.get(name);
            if (memberValue == null || memberValue.isNull()) {
                if (isRequired(required, name)) {
                    errors.add(nullValue(path));
                }
                continue;
            }
            check(member.getValue().get("shape").asText(), memberValue, path, errors);
        }
    }

    private static boolean isRequired(JsonNode required, String name) {
        if (required != null) {
            for (JsonNode r : required) {
                if (r.asText().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void check(String shapeName, JsonNode value, String path, List<String> errors) {
        JsonNode shape = model.shape(shapeName);
        String type = shape.get("type").asText();
        switch (type) {
            case "structure" -> checkStructure(shape, value, path + ".", errors);
            case "string" -> checkString(shape, value, path, errors);
            case "blob" -> checkBlob(shape, value, path, errors);
            case "integer", "long" -> checkNumber(shape, value, path, errors);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    throw notDeserializable(path, "boolean");
                }
            }
            case "list" -> checkList(shape, value, path, errors);
            case "map" -> checkMap(shape, value, path, errors);
            case "timestamp" -> {
                if (!value.isNumber()) {
                    throw notDeserializable(path, "timestamp");
                }
            }
            default -> throw new IllegalStateException("unknown shape type " + type);
        }
    }

    private void checkString(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isTextual()) {
            throw notDeserializable(path, "string");
        }
        String text = value.asText();
        if (!isValidUtf16(text)) {
            // Shown without its value: it cannot be echoed faithfully, and the rest of its checks mean nothing.
            errors.add(notUnicode("Value at '" + path + "'"));
            return;
        }
        String shown = shape.path("sensitive").asBoolean(false)
                ? "Value at '" + path + "'"
                : "Value '" + text + "' at '" + path + "'";
        JsonNode enumValues = shape.get("enum");
        if (enumValues != null) {
            List<String> allowed = new ArrayList<>();
            enumValues.forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(text)) {
                List<String> listed = AWS_ENUM_ORDER.getOrDefault(Set.copyOf(allowed), allowed);
                errors.add(shown + " failed to satisfy constraint: Member must satisfy enum value set: ["
                        + String.join(", ", listed) + "]");
            }
        }
        checkLength(shape, text.length(), shown, errors);
        JsonNode pattern = shape.get("pattern");
        if (pattern != null
                && !patterns.computeIfAbsent(pattern.asText(), Pattern::compile)
                        .matcher(text)
                        .matches()) {
            errors.add(shown + " failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + pattern.asText());
        }
    }

    private static void checkBlob(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isTextual()) {
            throw notDeserializable(path, "blob");
        }
        int length;
        try {
            // The blob may be a plaintext: this copy is only measured, then zeroed.
            byte[] decoded = Base64.getDecoder().decode(value.asText());
            length = decoded.length;
            Arrays.fill(decoded, (byte) 0);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Value of '" + path + "' is not valid base64.");
        }
        // AWS shows no value for blobs: they may be secret, and are not text.
        checkLength(shape, length, "Value at '" + path + "'", errors);
    }

    private static void checkNumber(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw notDeserializable(path, "integer");
        }
        long number = value.asLong();
        String shown = "Value '" + number + "' at '" + path + "'";
        if (shape.has("min") && number < shape.get("min").asLong()) {
            errors.add(shown + " failed to satisfy constraint: Member must have value greater than or equal to "
                    + shape.get("min").asLong());
        }
        if (shape.has("max") && number > shape.get("max").asLong()) {
            errors.add(shown + " failed to satisfy constraint: Member must have value less than or equal to "
                    + shape.get("max").asLong());
        }
    }

    private void checkList(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isArray()) {
            throw notDeserializable(path, "list");
        }
        List<String> items = new ArrayList<>();
        value.forEach(v -> items.add(v.isTextual() ? v.asText() : JsonTrees.text(v)));
        checkLength(shape, value.size(), "Value '[" + String.join(", ", items) + "]' at '" + path + "'", errors);
        String memberShape = shape.get("member").get("shape").asText();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = path + "." + (i + 1) + ".member";
            if (item.isNull()) {
                errors.add(nullValue(itemPath));
            } else {
                check(memberShape, item, itemPath, errors);
            }
        }
    }

    private void checkMap(JsonNode shape, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            throw notDeserializable(path, "map");
        }
        checkLength(shape, value.size(), "Value at '" + path + "'", errors);
        String valueShape = shape.get("value").get("shape").asText();
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!isValidUtf16(entry.getKey())) {
                errors.add(notUnicode("Key at '" + path + "'"));
                continue;
            }
            if (entry.getValue().isNull()) {
                errors.add(nullValue(path + "." + entry.getKey()));
            } else {
                check(valueShape, entry.getValue(), path + "." + entry.getKey(), errors);
            }
        }
    }

    private static void checkLength(JsonNode shape, int length, String shown, List<String> errors) {
        if (shape.has("min") && length < shape.get("min").asInt()) {
            errors.add(shown + " failed to satisfy constraint: Member must have length greater than or equal to "
                    + shape.get("min").asInt());
        }
        if (shape.has("max") && length > shape.get("max").asInt()) {
            errors.add(shown + " failed to satisfy constraint: Member must have length less than or equal to "
                    + shape.get("max").asInt());
        }
    }

    /**
     * Text that is not valid UTF-16 (an unpaired surrogate, which JSON's {@code \\uD800} escape can
     * carry) has no UTF-8 form: encoding it would silently turn it into {@code ?}, so that two
     * different inputs would be stored, or bound into a ciphertext, as the same bytes.
     */
    static boolean isValidUtf16(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String notUnicode(String shown) {
        return shown + " failed to satisfy constraint: Member must contain only valid Unicode characters";
    }

    private static SerializationException notDeserializable(String path, String type) {
        return new SerializationException(
                "Cannot deserialize '" + path + "': expected a JSON value of type " + type + ".");
    }
}
