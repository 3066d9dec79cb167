package io.keysmith.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares one recorded AWS response (LocalStack snapshot form) with Keysmith's. Errors compare
 * code, message and HTTP status. Success responses compare every recorded field; placeholders such
 * as {@code <key-id:1>} bind to one value per recorded test and stay distinct from {@code <key-id:2>};
 * {@code <partition>} and {@code <region>} are fixed; redacted values only need to be present.
 */
final class SnapshotMatcher {
    private static final Pattern TOKEN = Pattern.compile("<([^<>]+)>");
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws:kms:[a-z0-9-]+:\\d{12}:key/[^\\s']+");
    private static final Set<String> REDACTED = Set.of(
            "ciphertext-blob",
            "plaintext",
            "public-key",
            "private-key-plaintext",
            "private-key-ciphertext-blob",
            "import-token",
            "shared-secret");
    /** Members the service model has gained since these responses were recorded. */
    static final Set<String> ADDED_SINCE_RECORDING =
            Set.of("KeyMaterialId", "SourceKeyMaterialId", "DestinationKeyMaterialId");

    private final String region;
    private final Map<String, String> bindings = new HashMap<>();
    private final List<String> mismatches = new ArrayList<>();

    SnapshotMatcher(String region) {
        this.region = region;
    }

    List<String> mismatches() {
        return mismatches;
    }

    void match(String path, JsonNode recorded, JsonNode actual) {
        if (actual == null) {
            mismatches.add(path + ": no response");
        } else if (recorded.has("Error")) {
            matchError(path, recorded, actual);
        } else if (recorded.isObject()) {
            matchObject(path, recorded, actual);
        } else if (recorded.isArray()) {
            if (!actual.isArray() || actual.size() != recorded.size()) {
                mismatches.add(path + ": expected " + recorded + " but was " + actual);
                return;
            }
            for (int i = 0; i < recorded.size(); i++) {
                match(path + "[" + i + "]", recorded.get(i), actual.get(i));
            }
        } else if (recorded.isTextual()) {
            matchText(path, recorded.asText(), actual);
        } else if (!recorded.equals(actual)) {
            mismatches.add(path + ": expected " + recorded + " but was " + actual);
        }
    }

    private void matchError(String path, JsonNode recorded, JsonNode actual) {
        if (!actual.has("Error")) {
            mismatches.add(path + ": expected error " + recorded.get("Error") + " but the call succeeded: " + actual);
            return;
        }
        match(
                path + ".Error.Code",
                recorded.get("Error").get("Code"),
                actual.get("Error").get("Code"));
        match(
                path + ".Error.Message",
                recorded.get("Error").get("Message"),
                actual.get("Error").get("Message"));
        matchStatus(path, recorded, actual);
    }

    private void matchStatus(String path, JsonNode recorded, JsonNode actual) {
        JsonNode status = recorded.path("ResponseMetadata").get("HTTPStatusCode");
        if (status != null) {
            match(
                    path + ".HTTPStatusCode",
                    status,
                    actual.path("ResponseMetadata").get("HTTPStatusCode"));
        }
    }

    private void matchObject(String path, JsonNode recorded, JsonNode actual) {
        if (!actual.isObject()) {
            mismatches.add(path + ": expected an object but was " + actual);
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = recorded.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("ResponseMetadata")) {
                matchStatus(path, recorded, actual);
            } else if (!actual.has(field.getKey())) {
                mismatches.add(path + "." + field.getKey() + ": missing");
            } else {
                match(path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()));
            }
        }
        actual.fieldNames().forEachRemaining(name -> {
            if (!recorded.has(name) && !name.equals("ResponseMetadata") && !ADDED_SINCE_RECORDING.contains(name)) {
                mismatches.add(path + "." + name + ": not in the recorded response");
            }
        });
    }

    private void matchText(String path, String expected, JsonNode actual) {
        if (expected.equals("datetime")) {
            if (!actual.isNumber()) {
                mismatches.add(path + ": expected a timestamp but was " + actual);
            }
            return;
        }
        if (!actual.isTextual()) {
            mismatches.add(path + ": expected \"" + expected + "\" but was " + actual);
            return;
        }
        String text = actual.asText();
        if (REDACTED.contains(expected)) {
            if (text.isEmpty()) {
                mismatches.add(path + ": expected a value");
            }
            return;
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher token = TOKEN.matcher(expected);
        int last = 0;
        while (token.find()) {
            regex.append(Pattern.quote(expected.substring(last, token.start()))).append("(.+?)");
            tokens.add(token.group(1));
            last = token.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text);
        if (!m.matches()) {
            mismatches.add(path + ": expected \"" + expected + "\" but was \"" + text + "\"");
            return;
        }
        for (int i = 0; i < tokens.size(); i++) {
            bind(path, tokens.get(i), m.group(i + 1));
        }
    }

    private void bind(String path, String token, String value) {
        switch (token) {
            case "partition" -> expectEqual(path, token, "aws", value);
            case "region" -> expectEqual(path, token, region, value);
            case "key-arn", "mrk-key-arn" -> {
                if (!KEY_ARN.matcher(value).matches()) {
                    mismatches.add(path + ": <" + token + "> should be a key ARN, was " + value);
                }
            }
            default -> {
                String bound = bindings.get(token);
                if (bound == null) {
                    String base = token.replaceAll(":\\d+$", "");
                    bindings.forEach((other, otherValue) -> {
                        if (otherValue.equals(value)
                                && other.replaceAll(":\\d+$", "").equals(base)) {
                            mismatches.add(path + ": <" + token + "> and <" + other + "> should differ, both " + value);
                        }
                    });
                    bindings.put(token, value);
                } else {
                    expectEqual(path, token, bound, value);
                }
            }
        }
    }

    private void expectEqual(String path, String token, String expected, String value) {
        if (!expected.equals(value)) {
            mismatches.add(path + ": <" + token + "> should be " + expected + ", was " + value);
        }
    }
}
