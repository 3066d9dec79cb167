package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/** One KMS operation: decode the validated input, call the core, encode the output. */
@FunctionalInterface
interface Operation {
    ObjectNode handle(JsonNode input, AuditFields audit);

    /** An operation whose handler sees only its request record, parsed once from the validated input. */
    static <R> Operation parsing(Function<JsonNode, R> parse, Handler<R> handler) {
        return (input, audit) -> handler.handle(parse.apply(input), audit);
    }

    /** Runs an operation on its parsed request. */
    @FunctionalInterface
    interface Handler<R> {
        ObjectNode handle(R request, AuditFields audit);
    }
}
