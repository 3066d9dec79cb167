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
        operations.put("CreateAlias", Operation.parsing(AliasTargetInput::from, (request, audit) -> {
            aliases.createAlias(request.aliasName(), request.targetKeyId());
            return Json.object();
        }));
        operations.put("UpdateAlias", Operation.parsing(AliasTargetInput::from, (request, audit) -> {
            aliases.updateAlias(request.aliasName(), request.targetKeyId());
            return Json.object();
        }));
        operations.put("DeleteAlias", Operation.parsing(DeleteAliasInput::from, (request, audit) -> {
            aliases.deleteAlias(request.aliasName());
            return Json.object();
        }));
        operations.put("ListAliases", Operation.parsing(ListAliasesInput::from, this::listAliases));
    }

    /** CreateAlias's and UpdateAlias's input: the same two members. */
    record AliasTargetInput(String aliasName, String targetKeyId) {
        static AliasTargetInput from(JsonNode input) {
            return new AliasTargetInput(Json.text(input, "AliasName"), Json.text(input, "TargetKeyId"));
        }
    }

    record DeleteAliasInput(String aliasName) {
        static DeleteAliasInput from(JsonNode input) {
            return new DeleteAliasInput(Json.text(input, "AliasName"));
        }
    }

    /** ListAliases's input; {@code keyId} is null to list every alias. */
    record ListAliasesInput(String keyId, int limit, String marker) {
        static ListAliasesInput from(JsonNode input) {
            return new ListAliasesInput(
                    Json.text(input, "KeyId"), Json.limit(input, DEFAULT_LIMIT), Json.text(input, "Marker"));
        }
    }

    private ObjectNode listAliases(ListAliasesInput input, AuditFields audit) {
        Page<AliasRecord> page = aliases.listAliases(input.keyId(), input.limit(), input.marker());
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
