package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.TestCallers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Inputs Keysmith cannot honour are refused with AWS's error, never quietly ignored, and nothing is created. */
class UnhonouredInputTest {
    private final KmsApi api = new KmsApi(InMemoryPorts.keysmith());

    private ApiResponse call(String operation, String body) {
        return api.handle(
                new ApiRequest("TrentService." + operation, body.getBytes(StandardCharsets.UTF_8), TestCallers.ROOT));
    }

    private void assertError(ApiResponse response, String code, String message) throws Exception {
        JsonNode body = TestJson.MAPPER.readTree(response.body());
        assertEquals(400, response.status(), response.bodyText());
        assertEquals(code, body.get("__type").asText());
        assertEquals(message, body.get("message").asText());
    }

    private int keyCount() throws Exception {
        return TestJson.MAPPER
                .readTree(call("ListKeys", "{}").body())
                .get("Keys")
                .size();
    }

    @Test
    void createKeyRefusesWhatItCannotHonourAndCreatesNothing() throws Exception {
        assertError(
                call("CreateKey", "{\"MultiRegion\":true}"),
                "UnsupportedOperationException",
                "Keysmith does not support multi-Region keys yet.");
        assertError(
                call("CreateKey", "{\"CustomKeyStoreId\":\"cks-1234567890abcdef0\"}"),
                "CustomKeyStoreNotFoundException",
                "Custom key store cks-1234567890abcdef0 does not exist.");
        assertError(
                call(
                        "CreateKey",
                        "{\"CustomKeyStoreId\":\"cks-1234567890abcdef0\",\"Origin\":\"EXTERNAL_KEY_STORE\","
                                + "\"XksKeyId\":\"ext-1\"}"),
                "CustomKeyStoreNotFoundException",
                "Custom key store cks-1234567890abcdef0 does not exist.");
        assertError(
                call("CreateKey", "{\"XksKeyId\":\"ext-1\"}"),
                "ValidationException",
                "XksKeyId is valid only for a KMS key in an external key store: specify CustomKeyStoreId too.");
        assertError(
                call("CreateKey", "{\"KeySpec\":\"SYMMETRIC_DEFAULT\",\"CustomerMasterKeySpec\":\"RSA_2048\"}"),
                "ValidationException",
                "KeySpec and CustomerMasterKeySpec must not differ: they are the same parameter. Specify only KeySpec.");
        assertEquals(0, keyCount());
    }

    @Test
    void whatIsHonouredStillWorks() throws Exception {
        assertEquals(200, call("CreateKey", "{\"MultiRegion\":false}").status());
        assertEquals(
                200,
                call(
                                "CreateKey",
                                "{\"KeySpec\":\"RSA_2048\",\"CustomerMasterKeySpec\":\"RSA_2048\","
                                        + "\"KeyUsage\":\"SIGN_VERIFY\"}")
                        .status());
        assertEquals(
                200,
                call("CreateKey", "{\"CustomerMasterKeySpec\":\"SYMMETRIC_DEFAULT\"}")
                        .status());
        assertEquals(3, keyCount());
    }

    @Test
    void generateRandomWithACustomKeyStoreFindsNone() throws Exception {
        assertError(
                call("GenerateRandom", "{\"NumberOfBytes\":16,\"CustomKeyStoreId\":\"cks-1\"}"),
                "CustomKeyStoreNotFoundException",
                "Custom key store cks-1 does not exist.");
    }

    @Test
    void anAliasNeedsANameAfterItsPrefix() throws Exception {
        String keyId = TestJson.MAPPER
                .readTree(call("CreateKey", "{}").body())
                .get("KeyMetadata")
                .get("KeyId")
                .asText();
        assertError(
                call("CreateAlias", "{\"AliasName\":\"alias/\",\"TargetKeyId\":\"" + keyId + "\"}"),
                "ValidationException",
                "Alias must have a name after the prefix \"alias/\". "
                        + "Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        assertEquals(
                0,
                TestJson.MAPPER
                        .readTree(call("ListAliases", "{}").body())
                        .get("Aliases")
                        .size());
    }

    @Test
    void anAliasLongerThanAnyAliasCanBeIsNotFound() throws Exception {
        String name = "alias/" + "a".repeat(2042);
        assertError(
                call("DescribeKey", "{\"KeyId\":\"" + name + "\"}"),
                "NotFoundException",
                "Alias arn:aws:kms:us-east-1:111122223333:" + name + " is not found.");
    }
}
