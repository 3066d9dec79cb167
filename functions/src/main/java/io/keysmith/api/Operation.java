package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One KMS operation: decode the validated input, call the core, encode the output. */
@FunctionalInterface
interface Operation {
    ObjectNode handle(JsonNode input, AuditFields audit);
}
