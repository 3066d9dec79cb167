package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.TestCallers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one audit record per request names the key ARN on every key operation, failures included;
 * when no key exists, it names the KeyId as the caller gave it.
 */
class AuditRecordTest {
    private final KmsApi api = new KmsApi(InMemoryPorts.keysmith());
    private String keyId;
    private String keyArn;

    private ApiResponse call(String operation, String body) {
        return api.handle(
                new ApiRequest("TrentService." + operation, body.getBytes(StandardCharsets.UTF_8), TestCallers.ROOT));
    }

    private JsonNode ok(String operation, String body) throws Exception {
        ApiResponse response = call(operation, body);
        assertEquals(200, response.status(), response.bodyText());
        return TestJson.MAPPER.readTree(response.body());
    }

    private void assertAudited(String outcome, String expectedKey, ApiResponse response) {
        assertEquals(outcome, response.record().outcome(), response.bodyText());
        assertEquals(expectedKey, response.record().keyArn(), response.record().operation());
    }

    @BeforeEach
    void createKey() throws Exception {
        JsonNode metadata = ok("CreateKey", "{}").get("KeyMetadata");
        keyId = metadata.get("KeyId").asText();
        keyArn = metadata.get("Arn").asText();
        ok("CreateAlias", "{\"AliasName\":\"alias/audited\",\"TargetKeyId\":\"" + keyId + "\"}");
    }

    @Test
    void successfulManagementOperationsNameTheKey() {
        assertAudited("Success", keyArn, call("EnableKey", "{\"KeyId\":\"" + keyId + "\"}"));
        assertAudited(
                "Success", keyArn, call("UpdateKeyDescription", "{\"KeyId\":\"alias/audited\",\"Description\":\"d\"}"));
        assertAudited(
                "Success",
                keyArn,
                call("TagResource", "{\"KeyId\":\"" + keyId + "\",\"Tags\":[{\"TagKey\":\"k\",\"TagValue\":\"v\"}]}"));
        assertAudited("Success", keyArn, call("EnableKeyRotation", "{\"KeyId\":\"" + keyId + "\"}"));
        assertAudited(
                "Success",
                keyArn,
                call("CreateAlias", "{\"AliasName\":\"alias/second\",\"TargetKeyId\":\"" + keyId + "\"}"));
    }

    @Test
    void failuresAfterTheKeyWasFoundNameTheKey() throws Exception {
        String blob = ok("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AA==\"}")
                .get("CiphertextBlob")
                .asText();
        assertAudited(
                "DryRunOperationException",
                keyArn,
                call("Encrypt", "{\"KeyId\":\"alias/audited\",\"Plaintext\":\"AA==\",\"DryRun\":true}"));
        assertAudited(
                "InvalidKeyUsageException",
                keyArn,
                call(
                        "Encrypt",
                        "{\"KeyId\":\"alias/audited\","
                                + "\"Plaintext\":\"AA==\",\"EncryptionAlgorithm\":\"RSAES_OAEP_SHA_256\"}"));
        // A blob whose key exists but whose context is wrong: the key named in its header.
        assertAudited(
                "InvalidCiphertextException",
                keyArn,
                call("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":{\"a\":\"b\"}}"));
        ok("DisableKey", "{\"KeyId\":\"" + keyId + "\"}");
        assertAudited(
                "DisabledException", keyArn, call("Encrypt", "{\"KeyId\":\"alias/audited\",\"Plaintext\":\"AA==\"}"));
        assertAudited("DisabledException", keyArn, call("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\"}"));
        assertAudited(
                "DisabledException",
                keyArn,
                call("GenerateDataKeyPair", "{\"KeyId\":\"" + keyId + "\",\"KeyPairSpec\":\"ECC_NIST_P256\"}"));
        ok("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyId + "\",\"PendingWindowInDays\":7}");
        assertAudited("KMSInvalidStateException", keyArn, call("EnableKey", "{\"KeyId\":\"alias/audited\"}"));
    }

    @Test
    void withoutAKeyTheKeyIdAsGiven() {
        String missing = "11111111-2222-3333-4444-555555555555";
        assertAudited("NotFoundException", missing, call("DescribeKey", "{\"KeyId\":\"" + missing + "\"}"));
        assertAudited(
                "NotFoundException",
                "alias/none",
                call("Encrypt", "{\"KeyId\":\"alias/none\",\"Plaintext\":\"AA==\"}"));
        assertAudited("ValidationException", keyId, call("Encrypt", "{\"KeyId\":\"" + keyId + "\"}"));
        assertAudited(
                "NotFoundException",
                missing,
                call("CreateAlias", "{\"AliasName\":\"alias/x\",\"TargetKeyId\":\"" + missing + "\"}"));
    }

    @Test
    void aRequestNeverInheritsTheKeyOfAnEarlierOne() {
        assertAudited(
                "DryRunOperationException",
                keyArn,
                call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AA==\",\"DryRun\":true}"));
        ApiResponse noKey =
                call("Decrypt", "{\"CiphertextBlob\":\"" + Base64.getEncoder().encodeToString(new byte[80]) + "\"}");
        assertAudited("InvalidCiphertextException", null, noKey);
        assertNull(call("ListKeys", "{}").record().keyArn());
    }
}
