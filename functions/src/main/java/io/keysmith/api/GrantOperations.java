package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.GrantConstraints;
import io.keysmith.core.GrantRecord;
import io.keysmith.core.GrantService;
import io.keysmith.core.KmsLocation;
import io.keysmith.core.NewGrant;
import io.keysmith.core.Page;
import java.util.Map;

/** CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. */
final class GrantOperations {
    private static final int DEFAULT_LIMIT = 50;
    private final GrantService grants;
    private final KmsLocation location;

    GrantOperations(GrantService grants, KmsLocation location) {
        this.grants = grants;
        this.location = location;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreateGrant", Operation.parsing(CreateGrantInput::from, (request, audit) -> {
            GrantService.CreatedGrant created = grants.createGrant(request.grant(), audit.caller.account());
            return Json.object().put("GrantToken", created.grantToken()).put("GrantId", created.grantId());
        }));
        operations.put(
                "ListGrants",
                Operation.parsing(
                        ListGrantsInput::from,
                        (request, audit) -> grantList(grants.listGrants(
                                request.keyId(),
                                request.grantId(),
                                request.granteePrincipal(),
                                request.limit(),
                                request.marker()))));
        operations.put(
                "ListRetirableGrants",
                Operation.parsing(
                        ListRetirableGrantsInput::from,
                        (request, audit) -> grantList(grants.listRetirableGrants(
                                request.retiringPrincipal(), request.limit(), request.marker()))));
        operations.put("RetireGrant", Operation.parsing(RetireGrantInput::from, (request, audit) -> {
            grants.retireGrant(
                    request.grantToken(), request.keyId(), request.grantId(), request.dryRun(), audit.caller);
            return Json.object();
        }));
        operations.put("RevokeGrant", Operation.parsing(RevokeGrantInput::from, (request, audit) -> {
            grants.revokeGrant(request.keyId(), request.grantId(), request.dryRun());
            return Json.object();
        }));
    }

    record CreateGrantInput(NewGrant grant) {
        static CreateGrantInput from(JsonNode input) {
            return new CreateGrantInput(new NewGrant(
                    Json.text(input, "KeyId"),
                    Json.text(input, "GranteePrincipal"),
                    Json.text(input, "RetiringPrincipal"),
                    Json.strings(input, "Operations"),
                    constraints(input.get("Constraints")),
                    Json.text(input, "Name"),
                    Json.flag(input, "DryRun")));
        }

        /** Null when absent, or when it holds neither constraint. */
        private static GrantConstraints constraints(JsonNode constraints) {
            if (constraints == null || constraints.isNull()) {
                return null;
            }
            Map<String, String> equals = constraints.hasNonNull("EncryptionContextEquals")
                    ? Json.stringMap(constraints, "EncryptionContextEquals")
                    : null;
            Map<String, String> subset = constraints.hasNonNull("EncryptionContextSubset")
                    ? Json.stringMap(constraints, "EncryptionContextSubset")
                    : null;
            return equals == null && subset == null ? null : new GrantConstraints(equals, subset);
        }
    }

    record ListGrantsInput(String keyId, String grantId, String granteePrincipal, int limit, String marker) {
        static ListGrantsInput from(JsonNode input) {
            return new ListGrantsInput(
                    Json.text(input, "KeyId"),
                    Json.text(input, "GrantId"),
                    Json.text(input, "GranteePrincipal"),
                    Json.limit(input, DEFAULT_LIMIT),
                    Json.text(input, "Marker"));
        }
    }

    record ListRetirableGrantsInput(String retiringPrincipal, int limit, String marker) {
        static ListRetirableGrantsInput from(JsonNode input) {
            return new ListRetirableGrantsInput(
                    Json.text(input, "RetiringPrincipal"),
                    Json.limit(input, DEFAULT_LIMIT),
                    Json.text(input, "Marker"));
        }
    }

    /** The token is a credential: it never appears in toString. */
    record RetireGrantInput(String grantToken, String keyId, String grantId, boolean dryRun) {
        static RetireGrantInput from(JsonNode input) {
            return new RetireGrantInput(
                    Json.text(input, "GrantToken"),
                    Json.text(input, "KeyId"),
                    Json.text(input, "GrantId"),
                    Json.flag(input, "DryRun"));
        }

        @Override
        public String toString() {
            return "RetireGrantInput[token " + (grantToken == null ? "absent" : "redacted") + ", " + keyId + ", "
                    + grantId + ", dryRun=" + dryRun + "]";
        }
    }

    record RevokeGrantInput(String keyId, String grantId, boolean dryRun) {
        static RevokeGrantInput from(JsonNode input) {
            return new RevokeGrantInput(
                    Json.text(input, "KeyId"), Json.text(input, "GrantId"), Json.flag(input, "DryRun"));
        }
    }

    private ObjectNode grantList(Page<GrantRecord> page) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Grants");
        for (GrantRecord grant : page.items()) {
            ObjectNode entry = list.addObject()
                    .put("KeyId", location.keyArn(grant.keyId()))
                    .put("GrantId", grant.grantId());
            if (grant.name() != null) {
                entry.put("Name", grant.name());
            }
            entry.put("CreationDate", Json.timestamp(grant.creationDate()))
                    .put("GranteePrincipal", grant.granteePrincipal());
            if (grant.retiringPrincipal() != null) {
                entry.put("RetiringPrincipal", grant.retiringPrincipal());
            }
            entry.put("IssuingAccount", "arn:aws:iam::" + grant.issuingAccount() + ":root");
            ArrayNode operations = entry.putArray("Operations");
            grant.operations().forEach(operations::add);
            if (grant.constraints() != null) {
                ObjectNode constraints = entry.putObject("Constraints");
                putContext(
                        constraints,
                        "EncryptionContextEquals",
                        grant.constraints().encryptionContextEquals());
                putContext(
                        constraints,
                        "EncryptionContextSubset",
                        grant.constraints().encryptionContextSubset());
            }
        }
        return Json.finishPage(out, page);
    }

    private static void putContext(ObjectNode constraints, String member, Map<String, String> context) {
        if (context != null) {
            ObjectNode map = constraints.putObject(member);
            new java.util.TreeMap<>(context).forEach(map::put);
        }
    }
}
