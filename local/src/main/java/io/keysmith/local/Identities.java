package io.keysmith.local;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keysmith.core.Caller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --identities} file: the access keys the runner accepts, each with its secret and the principal
 * it stands for. Checked in full at start-up; messages name the entry and the field, never a secret's value.
 */
final class Identities {
    private static final Set<String> FIELDS = Set.of("accessKeyId", "secretAccessKey", "arn");
    /** IAM's AccessKeyId constraint: 16 to 128 word characters. */
    private static final String ACCESS_KEY_ID = "\\w{16,128}";

    /** One access key. Its secret stays out of toString. */
    record Identity(String accessKeyId, String secretAccessKey, String arn) {
        @Override
        public String toString() {
            return "Identity[" + accessKeyId + ", " + arn + "]";
        }
    }

    private final Map<String, Identity> byAccessKeyId;

    private Identities(Map<String, Identity> byAccessKeyId) {
        this.byAccessKeyId = Map.copyOf(byAccessKeyId);
    }

    Optional<Identity> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }

    int size() {
        return byAccessKeyId.size();
    }

    static Identities load(Path file) {
        String where = "--identities " + file;
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            // Jackson's message may quote the file, secrets included: only the position is kept.
            throw new IllegalArgumentException(
                    where + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    where + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(root, where);
    }

    static Identities parse(JsonNode root, String where) {
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException(
                    where + " must be a JSON array of {\"accessKeyId\", \"secretAccessKey\", "
                            + "\"arn\"} objects, with at least one");
        }
        Map<String, Identity> identities = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            String entry = where + ": entry " + (i + 1);
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                throw new IllegalArgumentException(entry + " is not an object");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new IllegalArgumentException(entry + " has an unknown field " + RequestLog.field(name)
                            + " (expected accessKeyId, secretAccessKey, arn)");
                }
            }
            String accessKeyId = text(node, "accessKeyId", entry);
            String secret = text(node, "secretAccessKey", entry);
            String arn = text(node, "arn", entry);
            if (!accessKeyId.matches(ACCESS_KEY_ID)) {
                throw new IllegalArgumentException(entry + ": accessKeyId must be 16 to 128 letters, digits or _");
            }
            if (!secret.matches("[\\x21-\\x7e]+")) {
                throw new IllegalArgumentException(
                        entry + " (" + accessKeyId + "): secretAccessKey must be printable ASCII without spaces");
            }
            if (!Caller.isPrincipalArn(arn)) {
                throw new IllegalArgumentException(
                        entry + " (" + accessKeyId + "): arn must be an IAM user, role or root "
                                + "ARN, or an STS assumed-role session ARN, not " + RequestLog.field(arn));
            }
            if (identities.putIfAbsent(accessKeyId, new Identity(accessKeyId, secret, arn)) != null) {
                throw new IllegalArgumentException(entry + ": accessKeyId " + accessKeyId + " appears twice");
            }
        }
        return new Identities(identities);
    }

    private static String text(JsonNode node, String field, String entry) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(entry + ": " + field + " is missing or not a non-empty string");
        }
        return value.asText();
    }
}
