package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.AliasRecord;
import io.keysmith.core.AliasService;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.Page;
import java.util.Map;

/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases. */
final class AliasOperations {
    private static final int DEFAULT_LIMIT = 50;
    private final AliasService aliases;
    private final KmsLocation location;

    AliasOperations(AliasService aliases, KmsLocation location) {
        this.aliases = aliases;
        this.location = location;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreateAlias", (input, audit) -> {
            aliases.createAlias(Json.text(input, "AliasName"), Json.text(input, "TargetKeyId"));
            return Json.object();
        });
        operations.put("UpdateAlias", (input, audit) -> {
            aliases.updateAlias(Json.text(input, "AliasName"), Json.text(input, "TargetKeyId"));
            return Json.object();
        });
        operations.put("DeleteAlias", (input, audit) -> {
            aliases.deleteAlias(Json.text(input, "AliasName"));
            return Json.object();
        });
        operations.put("ListAliases", this::listAliases);
    }

    private ObjectNode listAliases(JsonNode input, AuditFields audit) {
        Page<AliasRecord> page = aliases.listAliases(Json.text(input, "KeyId"), Json.limit(input, DEFAULT_LIMIT),
                Json.text(input, "Marker"));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Aliases");
        for (AliasRecord alias : page.items()) {
            list.addObject()
                    .put("AliasName", alias.aliasName())
                    .put("AliasArn", location.aliasArn(alias.aliasName()))
                    .put("TargetKeyId", alias.targetKeyId())
                    .put("CreationDate", Json.timestamp(alias.creationDate()))
                    .put("LastUpdatedDate", Json.timestamp(alias.lastUpdatedDate()));
        }
        return Json.finishPage(out, page);
    }
}
