package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every condition operator, set qualifier and IfExists, from the table in condition-cases.json. */
class ConditionOperatorsTest {

    static Stream<Arguments> cases() {
        return PolicyTables.rows("condition-cases.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conditionHoldsAsTheTableSays(String name, JsonNode row) {
        PolicyDocument policy = PolicyTables.allowUnder(row.get("condition"));
        RequestContext request = PolicyTables.request(row);

        Decision decision = PolicyEvaluator.evaluate(policy, request);

        Decision.Kind expected = row.get("holds").asBoolean() ? Decision.Kind.ALLOW : Decision.Kind.NO_MATCH;
        assertEquals(expected, decision.kind());
    }
}
