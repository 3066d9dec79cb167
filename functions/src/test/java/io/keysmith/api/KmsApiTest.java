package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.TestCallers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol layer over a core with in-memory ports: routing, validation wording, error shapes. */
class KmsApiTest {
    private final KmsApi api = new KmsApi(InMemoryPorts.keysmith());

    private ApiResponse call(String operation, String body) {
        return api.handle(new ApiRequest(
                operation == null ? null : "TrentService." + operation,
                body.getBytes(StandardCharsets.UTF_8),
                TestCallers.ROOT));
    }

    private static JsonNode json(ApiResponse response) throws Exception {
        return TestJson.MAPPER.readTree(response.body());
    }

    private void assertError(ApiResponse response, int status, String code, String message) throws Exception {
        JsonNode body = json(response);
        assertEquals(status, response.status(), response.bodyText());
        assertEquals(code, body.get("__type").asText());
        assertEquals(message, body.get("message").asText());
        assertEquals(2, body.size(), "only __type and message");
    }

    private String createKey() throws Exception {
        return json(call("CreateKey", "{}")).get("KeyMetadata").get("KeyId").asText();
    }

    @Test
    void unknownAndMissingTargetsAreUnknownOperation() throws Exception {
        assertError(call("NoSuchThing", "{}"), 400, "UnknownOperationException", "");
        assertError(call(null, "{}"), 400, "UnknownOperationException", "");
        assertError(
                api.handle(new ApiRequest("Other.CreateKey", new byte[0], TestCallers.ROOT)),
                400,
                "UnknownOperationException",
                "");
    }

    @Test
    void modelledButUnimplementedOperationIsUnsupported() throws Exception {
        assertError(
                call("UpdatePrimaryRegion", "{\"KeyId\": \"k\", \"PrimaryRegion\": \"us-west-2\"}"),
                400,
                "UnsupportedOperationException",
                "Keysmith does not implement UpdatePrimaryRegion yet.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "[1,2]", "\"text\"", "42", "{\"KeyId\": }", "{} {"})
    void bodyThatIsNotAJsonObjectIsSerializationException(String body) throws Exception {
        ApiResponse response = call("DescribeKey", body);
        assertEquals(400, response.status());
        assertEquals("SerializationException", json(response).get("__type").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"KeyId\": 5}", "{\"KeyId\": {}}", "{\"KeyId\": []}", "{\"KeyId\": true}"})
    void memberOfTheWrongTypeIsSerializationException(String body) throws Exception {
        assertEquals(
                "SerializationException",
                json(call("DescribeKey", body)).get("__type").asText());
    }

    @Test
    void missingAndInvalidMembersUseAwsWording() throws Exception {
        assertError(
                call("GenerateDataKeyPair", "{\"KeyId\": \"\"}"),
                400,
                "ValidationException",
                "2 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1; Value null at 'keyPairSpec' failed to "
                        + "satisfy constraint: Member must not be null");
        assertError(
                call("GenerateDataKeyPairWithoutPlaintext", "{\"KeyId\": \"k\", \"KeyPairSpec\": \"RSA_1024\"}"),
                400,
                "ValidationException",
                "1 validation error detected: Value 'RSA_1024' at 'keyPairSpec' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, "
                        + "ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SM2, ECC_NIST_EDWARDS25519]");
        assertError(
                call("DescribeKey", "{}"),
                400,
                "ValidationException",
                "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        assertError(
                call("Decrypt", "{}"),
                400,
                "ValidationException",
                "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void grantTokensAreValidatedAsTheModelSays() throws Exception {
        String key = createKey();
        String eleven =
                TestJson.MAPPER.writeValueAsString(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"));
        assertError(
                call(
                        "GenerateDataKeyPair",
                        "{\"KeyId\":\"" + key + "\",\"KeyPairSpec\":\"SM2\",\"GrantTokens\":" + eleven + "}"),
                400,
                "ValidationException",
                "1 validation error detected: Value '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]' at "
                        + "'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10");
        assertError(
                call(
                        "GenerateDataKeyPair",
                        "{\"KeyId\":\"" + key + "\",\"KeyPairSpec\":\"SM2\",\"GrantTokens\":[\"\"]}"),
                400,
                "ValidationException",
                "1 validation error detected: Value '' at 'grantTokens.1.member' failed to "
                        + "satisfy constraint: Member must have length greater than or equal to 1");
        // A token of the right length is still checked: one Keysmith did not issue is refused.
        assertError(
                call(
                        "GenerateDataKeyPair",
                        "{\"KeyId\":\"" + key + "\",\"KeyPairSpec\":\"SM2\",\"GrantTokens\":[\"t\"]}"),
                400,
                "InvalidGrantTokenException",
                "Invalid grant token.");
    }

    @Test
    void tagKeyLengthUsesTheNestedMemberPath() throws Exception {
        String longKey = "a".repeat(129);
        assertError(
                call("CreateKey", "{\"Tags\":[{\"TagKey\":\"" + longKey + "\",\"TagValue\":\"v\"}]}"),
                400,
                "ValidationException",
                "1 validation error detected: Value '" + longKey + "' at 'tags.1.member.tagKey' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 128");
    }

    @Test
    void blobThatIsNotBase64IsSerializationException() throws Exception {
        assertEquals(
                "SerializationException",
                json(call("Decrypt", "{\"CiphertextBlob\":\"@@@\"}"))
                        .get("__type")
                        .asText());
    }

    @Test
    void hostileBodiesNeverAnswer500() throws Exception {
        List<String> bodies = List.of(
                "[".repeat(5000) + "]".repeat(5000),
                "{\"KeyId\":\"" + "x".repeat(100_000) + "\",\"KeyPairSpec\":\"SM2\"}",
                "{\"Limit\": 99999999999999999999999}",
                "{\"Limit\": 1.5}",
                "{\"EncryptionContext\": {\"a\": null}, \"KeyId\":\"k\", \"KeyPairSpec\":\"SM2\"}",
                "{\"EncryptionContext\": {\"a\": 1}, \"KeyId\":\"k\", \"KeyPairSpec\":\"SM2\"}",
                "{\"CiphertextBlob\":\"AAAA\"}",
                "\u0000\u0001\u0002",
                "{\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:key/../../etc\"}");
        for (String operation :
                List.of("DescribeKey", "GenerateDataKeyPair", "Decrypt", "ListKeys", "CreateAlias", "ListAliases")) {
            for (String body : bodies) {
                ApiResponse response = call(operation, body);
                assertTrue(
                        response.status() < 500,
                        operation + " " + body.substring(0, Math.min(40, body.length())) + " -> " + response.status()
                                + " " + response.bodyText());
                if (response.status() != 200) {
                    assertTrue(json(response).hasNonNull("__type"), response.bodyText());
                }
            }
        }
        byte[] huge = new byte[KmsApi.MAX_BODY_BYTES + 1];
        assertEquals(
                400,
                api.handle(new ApiRequest("TrentService.ListKeys", huge, TestCallers.ROOT))
                        .status());
    }
}
