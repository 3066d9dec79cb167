package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Principals, actions, resources, Deny precedence and the condition examples of AWS's KMS documentation, from the
 * table in evaluation-cases.json.
 */
class PolicyEvaluatorTest {

    static Stream<Arguments> cases() {
        return PolicyTables.rows("evaluation-cases.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decisionIsAsTheTableSays(String name, JsonNode row) {
        PolicyDocument policy = PolicyTables.policyOf(row.get("statements"));
        RequestContext request = PolicyTables.request(row.get("request"));

        Decision decision = PolicyEvaluator.evaluate(policy, request);

        assertEquals(Decision.Kind.valueOf(row.get("expect").asText()), decision.kind(), "decision");
        if (row.has("statement")) {
            assertEquals(row.get("statement").asText(), decision.statementLabel(), "deciding statement");
        }
        if (row.has("match")) {
            assertEquals(PrincipalMatch.valueOf(row.get("match").asText()), decision.match(), "principal match");
        }
    }
}
