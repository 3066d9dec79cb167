package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The AWS KMS service model (botocore's service-2.json), bundled at build time from the shared
 * reference. It is the single source of operation names, input shapes and member constraints.
 */
final class ServiceModel {
    private static final String RESOURCE = "kms-service-model.json";
    private final JsonNode operations;
    private final JsonNode shapes;

    private ServiceModel(JsonNode model) {
        this.operations = model.get("operations");
        this.shapes = model.get("shapes");
    }

    static ServiceModel load() {
        try (InputStream in = ServiceModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is missing from the classpath: the build copies it from reference/");
            }
            return new ServiceModel(JsonTrees.DEFAULT.read(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean hasOperation(String name) {
        return operations.has(name);
    }

    /** The input shape of an operation, or null when it takes none. */
    String inputShape(String operation) {
        JsonNode input = operations.get(operation).get("input");
        return input == null ? null : input.get("shape").asText();
    }

    JsonNode shape(String name) {
        return shapes.get(name);
    }
}
