package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.errors.MalformedPolicyDocumentException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each malformed policy of malformed-policies.json is refused with its message. */
class PolicyValidationTest {

    static Stream<Arguments> cases() {
        return PolicyTables.rows("malformed-policies.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedPolicyIsRefused(String name, JsonNode row) {
        String text =
                row.has("text") ? row.get("text").asText() : row.get("policy").toString();

        MalformedPolicyDocumentException e =
                assertThrows(MalformedPolicyDocumentException.class, () -> PolicyDocument.parse(text));

        assertEquals(row.get("message").asText(), e.getMessage());
        assertEquals("MalformedPolicyDocumentException", e.code());
        assertEquals(400, e.httpStatus());
    }
}
