package io.keysmith.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Reads the JSON test tables next to these tests, and builds requests from their rows. */
final class PolicyTables {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String CALLER = "arn:aws:iam::111122223333:role/RoleForExampleApp";

    private PolicyTables() {}

    /** One argument set per row: the row's name, then the row. */
    static Stream<Arguments> rows(String resource) {
        try (InputStream in = PolicyTables.class.getResourceAsStream(resource)) {
            List<Arguments> rows = new ArrayList<>();
            JSON.readTree(in)
                    .forEach(row -> rows.add(Arguments.of(row.get("name").asText(), row)));
            return rows.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document around these statements. */
    static PolicyDocument policyOf(JsonNode statements) {
        ObjectNode document = JSON.createObjectNode();
        document.put("Version", "2012-10-17");
        document.set("Statement", statements);
        return PolicyDocument.parse(document.toPrettyString());
    }

    /** A document with one statement that allows anyone everything under this condition. */
    static PolicyDocument allowUnder(JsonNode condition) {
        ObjectNode statement = JSON.createObjectNode();
        statement
                .put("Effect", "Allow")
                .put("Principal", "*")
                .put("Action", "kms:*")
                .put("Resource", "*");
        statement.set("Condition", condition);
        ArrayNode statements = JSON.createArrayNode().add(statement);
        return policyOf(statements);
    }

    /**
     * A request from a row: {@code principal} (default {@link #CALLER}), {@code action} (default kms:Decrypt),
     * {@code resource} (default {@link #KEY_ARN}; JSON null for none), {@code keys} and {@code encryptionContext}.
     */
    static RequestContext request(JsonNode row) {
        RequestContext.Builder builder = RequestContext.builder(
                row.path("principal").asText(CALLER), row.path("action").asText("kms:Decrypt"));
        JsonNode resource = row.get("resource");
        builder.resource(resource == null ? KEY_ARN : resource.isNull() ? null : resource.asText());
        row.path("keys").fields().forEachRemaining(key -> {
            List<String> values = new ArrayList<>();
            key.getValue().forEach(v -> values.add(v.asText()));
            builder.key(key.getKey(), values.toArray(String[]::new));
        });
        Map<String, String> context = new LinkedHashMap<>();
        row.path("encryptionContext")
                .fields()
                .forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        return builder.encryptionContext(context).build();
    }
}
