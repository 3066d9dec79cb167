package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.Caller;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.TestCallers;
import io.keysmith.policy.DefaultPolicies;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The key policy operations and AccessDeniedException on the wire, with the request record's audit fields. */
class KeyPolicyApiTest {
    private static final Caller BOB = Caller.of("arn:aws:iam::111122223333:user/bob", "10.1.2.3", true);
    /** Root manages the key; Bob is denied it explicitly. Spaces and newlines kept as given. */
    private static final String POLICY = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n"
            + "    {\"Sid\": \"Root\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},"
            + " \"Action\": \"kms:*\", \"Resource\": \"*\"},\n"
            + "    {\"Sid\": \"NotBob\", \"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:user/bob\"},"
            + " \"Action\": \"kms:*\", \"Resource\": \"*\"}\n  ]\n}";

    private final KmsApi api = new KmsApi(InMemoryPorts.keysmith());

    private ApiResponse call(Caller caller, String operation, JsonNode body) {
        return api.handle(
                new ApiRequest("TrentService." + operation, body.toString().getBytes(StandardCharsets.UTF_8), caller));
    }

    private JsonNode ok(Caller caller, String operation, JsonNode body) throws Exception {
        ApiResponse response = call(caller, operation, body);
        assertEquals(200, response.status(), response.bodyText());
        return TestJson.MAPPER.readTree(response.body());
    }

    private static ObjectNode key(String keyId) {
        return Json.object().put("KeyId", keyId);
    }

    @Test
    void aPolicyGivenToCreateKeyComesBackByteForByte() throws Exception {
        // Given
        String keyId = ok(TestCallers.ROOT, "CreateKey", Json.object().put("Policy", POLICY))
                .at("/KeyMetadata/KeyId")
                .asText();

        // When
        JsonNode policy = ok(TestCallers.ROOT, "GetKeyPolicy", key(keyId).put("PolicyName", "default"));

        // Then
        assertEquals(POLICY, policy.get("Policy").asText());
        assertEquals("default", policy.get("PolicyName").asText());
        JsonNode names = ok(TestCallers.ROOT, "ListKeyPolicies", key(keyId));
        assertEquals("[\"default\"]", names.get("PolicyNames").toString());
        assertEquals(false, names.get("Truncated").asBoolean());
        assertNull(names.get("NextMarker"));
    }

    @Test
    void withoutAPolicyTheKeyHasTheDefaultOneAndPutKeyPolicyReplacesIt() throws Exception {
        String keyId = ok(TestCallers.ROOT, "CreateKey", Json.object())
                .at("/KeyMetadata/KeyId")
                .asText();
        assertEquals(
                DefaultPolicies.keyPolicyText("aws", "111122223333"),
                ok(TestCallers.ROOT, "GetKeyPolicy", key(keyId)).get("Policy").asText());

        ok(
                TestCallers.ROOT,
                "PutKeyPolicy",
                key(keyId).put("PolicyName", "default").put("Policy", POLICY));

        assertEquals(
                POLICY,
                ok(TestCallers.ROOT, "GetKeyPolicy", key(keyId)).get("Policy").asText());
    }

    @Test
    void aDenialIsAnAwsShapedAccessDeniedExceptionAndIsAudited() throws Exception {
        // Given
        JsonNode metadata = ok(TestCallers.ROOT, "CreateKey", Json.object().put("Policy", POLICY))
                .get("KeyMetadata");
        String keyArn = metadata.get("Arn").asText();

        // When
        ApiResponse denied =
                call(BOB, "Encrypt", key(metadata.get("KeyId").asText()).put("Plaintext", "AAEC"));

        // Then
        assertEquals(400, denied.status());
        JsonNode body = TestJson.MAPPER.readTree(denied.body());
        assertEquals("AccessDeniedException", body.get("__type").asText());
        assertEquals(
                "User: arn:aws:iam::111122223333:user/bob is not authorized to perform: kms:Encrypt on resource: "
                        + keyArn + " with an explicit deny in a resource-based policy",
                body.get("message").asText());
        RequestRecord record = denied.record();
        assertEquals("arn:aws:iam::111122223333:user/bob", record.caller());
        assertEquals(keyArn, record.keyArn());
        assertEquals("EXPLICIT_DENY", record.decision());
        assertEquals("KEY_POLICY:NotBob", record.decidedBy());
        RequestRecord allowed =
                call(TestCallers.ROOT, "DescribeKey", key(keyArn)).record();
        assertEquals("ALLOWED", allowed.decision());
        assertEquals("KEY_POLICY:Root", allowed.decidedBy());
    }

    @Test
    void aMalformedPolicyOrAnotherPolicyNameIsRefused() throws Exception {
        String keyId = ok(TestCallers.ROOT, "CreateKey", Json.object())
                .at("/KeyMetadata/KeyId")
                .asText();

        ApiResponse malformed =
                call(TestCallers.ROOT, "PutKeyPolicy", key(keyId).put("Policy", "{\"Version\": 7}"));
        assertEquals(400, malformed.status());
        assertEquals("MalformedPolicyDocumentException", malformed.record().outcome());
        ApiResponse malformedKey =
                call(TestCallers.ROOT, "CreateKey", Json.object().put("Policy", "[]"));
        assertEquals("MalformedPolicyDocumentException", malformedKey.record().outcome());
        ApiResponse otherName =
                call(TestCallers.ROOT, "GetKeyPolicy", key(keyId).put("PolicyName", "other"));
        assertEquals("NotFoundException", otherName.record().outcome());
    }
}
