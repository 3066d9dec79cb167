package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.TestCallers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text that is not valid UTF-16 (a lone surrogate, sent as a raw JSON escape) is refused with a 400
 * ValidationException wherever a string member becomes bytes: before, {@code {"a":"\\ud800"}} and
 * {@code {"a":"?"}} bound the same ciphertext. The bodies below are written byte for byte, as a
 * client that does not check its strings would send them.
 */
class UnpairedSurrogateTest {
    private static final String LONE = "\\ud800";
    private final KmsApi api = new KmsApi(InMemoryPorts.keysmith());
    private String keyId;

    private ApiResponse call(String operation, String body) {
        return api.handle(
                new ApiRequest("TrentService." + operation, body.getBytes(StandardCharsets.UTF_8), TestCallers.ROOT));
    }

    private static JsonNode json(ApiResponse response) throws Exception {
        return TestJson.MAPPER.readTree(response.body());
    }

    @BeforeEach
    void createKey() throws Exception {
        keyId = json(call("CreateKey", "{}")).get("KeyMetadata").get("KeyId").asText();
    }

    private void assertRefused(String operation, String body, String shown) throws Exception {
        ApiResponse response = call(operation, body);
        assertEquals(400, response.status(), response.bodyText());
        JsonNode error = json(response);
        assertEquals("ValidationException", error.get("__type").asText());
        assertEquals(
                "1 validation error detected: " + shown
                        + " failed to satisfy constraint: Member must contain only valid Unicode characters",
                error.get("message").asText());
    }

    @Test
    void encryptionContextValueAndKey() throws Exception {
        assertRefused(
                "Encrypt",
                "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"a\":\"" + LONE + "\"}}",
                "Value at 'encryptionContext.a'");
        assertRefused(
                "Encrypt",
                "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"" + LONE + "\":\"a\"}}",
                "Key at 'encryptionContext'");
        assertRefused(
                "GenerateDataKeyPair",
                "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"ECC_NIST_P256\","
                        + "\"EncryptionContext\":{\"a\":\"\\udfff\"}}",
                "Value at 'encryptionContext.a'");
        assertRefused(
                "ReEncrypt",
                "{\"CiphertextBlob\":\"AA==\",\"DestinationKeyId\":\"" + keyId + "\","
                        + "\"DestinationEncryptionContext\":{\"a\":\"x\\udc00\\ud800\"}}",
                "Value at 'destinationEncryptionContext.a'");
    }

    @Test
    void aBlobBoundToAQuestionMarkDoesNotOpenWithALoneSurrogate() throws Exception {
        ApiResponse encrypted = call(
                "Encrypt",
                "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AA==\"," + "\"EncryptionContext\":{\"a\":\"?\"}}");
        assertEquals(200, encrypted.status());
        String blob = json(encrypted).get("CiphertextBlob").asText();
        assertRefused(
                "Decrypt",
                "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":{\"a\":\"" + LONE + "\"}}",
                "Value at 'encryptionContext.a'");
    }

    @Test
    void descriptionsTagsAliasesAndPolicies() throws Exception {
        assertRefused("CreateKey", "{\"Description\":\"" + LONE + "\"}", "Value at 'description'");
        assertRefused(
                "UpdateKeyDescription",
                "{\"KeyId\":\"" + keyId + "\",\"Description\":\"d" + LONE + "\"}",
                "Value at 'description'");
        assertRefused(
                "TagResource",
                "{\"KeyId\":\"" + keyId + "\",\"Tags\":[{\"TagKey\":\"k\",\"TagValue\":\"" + LONE + "\"}]}",
                "Value at 'tags.1.member.tagValue'");
        assertRefused(
                "CreateKey",
                "{\"Tags\":[{\"TagKey\":\"" + LONE + "\",\"TagValue\":\"v\"}]}",
                "Value at 'tags.1.member.tagKey'");
        assertRefused(
                "UntagResource",
                "{\"KeyId\":\"" + keyId + "\",\"TagKeys\":[\"" + LONE + "\"]}",
                "Value at 'tagKeys.1.member'");
        assertRefused(
                "CreateAlias",
                "{\"AliasName\":\"alias/" + LONE + "\",\"TargetKeyId\":\"" + keyId + "\"}",
                "Value at 'aliasName'");
        assertRefused("CreateKey", "{\"Policy\":\"{" + LONE + "}\"}", "Value at 'policy'");
        // A policy is validated as a string first, before it is parsed as a policy document.
        assertRefused(
                "PutKeyPolicy", "{\"KeyId\":\"" + keyId + "\",\"Policy\":\"{" + LONE + "}\"}", "Value at 'policy'");
        assertRefused("DescribeKey", "{\"KeyId\":\"alias/a" + LONE + "\"}", "Value at 'keyId'");
    }

    @Test
    void aSurrogatePairIsValidText() throws Exception {
        ApiResponse response = call(
                "Encrypt",
                "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AA==\","
                        + "\"EncryptionContext\":{\"\\ud83d\\udd11\":\"\\ud83d\\udd12\"}}");
        assertEquals(200, response.status(), response.bodyText());
    }
}
