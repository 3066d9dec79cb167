package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.AliasRecord;
import io.keysmith.core.KeyService;
import io.keysmith.core.Page;
import java.util.Map;

/** CreateAlias, ListAliases. */
final class AliasOperations {
    private static final int DEFAULT_LIMIT = 50;
    private final KeyService service;

    AliasOperations(KeyService service) {
        this.service = service;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreateAlias", this::createAlias);
        operations.put("ListAliases", this::listAliases);
    }

    private ObjectNode createAlias(JsonNode input, AuditFields audit) {
        service.createAlias(Json.text(input, "AliasName"), Json.text(input, "TargetKeyId"));
        return Json.object();
    }

    private ObjectNode listAliases(JsonNode input, AuditFields audit) {
        Integer limit = Json.integer(input, "Limit");
        Page<AliasRecord> page = service.listAliases(Json.text(input, "KeyId"),
                limit == null ? DEFAULT_LIMIT : limit, Json.text(input, "Marker"));
        ObjectNode out = Json.object();
        ArrayNode aliases = out.putArray("Aliases");
        for (AliasRecord alias : page.items()) {
            aliases.addObject()
                    .put("AliasName", alias.aliasName())
                    .put("AliasArn", service.location().aliasArn(alias.aliasName()))
                    .put("TargetKeyId", alias.targetKeyId())
                    .put("CreationDate", Json.timestamp(alias.creationDate()))
                    .put("LastUpdatedDate", Json.timestamp(alias.lastUpdatedDate()));
        }
        return Pages.finish(out, page);
    }
}
