package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Lone UTF-16 surrogates, sent as raw JSON escapes (the SDK would not send them as they are): a
 * blob bound to {@code {"a":"?"}} once opened with {@code {"a":"\\ud800"}}. Now every such string
 * is a 400 ValidationException.
 */
class UnicodeIT extends AgainstInMemoryRunner {
    private final HttpClient http = HttpClient.newHttpClient();
    private String keyId;

    @BeforeAll
    void createKey() {
        keyId = kms.createKey(b -> {}).keyMetadata().keyId();
    }

    private HttpResponse<String> post(String operation, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(keysmith.endpoint())
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "TrentService." + operation)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String shown) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(
                "{\"__type\":\"ValidationException\",\"message\":\"1 validation error detected: " + shown
                        + " failed to satisfy constraint: Member must contain only valid Unicode characters\"}",
                response.body());
    }

    @Test
    void aBlobBoundToAQuestionMarkIsNotOpenedWithALoneSurrogate() throws Exception {
        String blob = java.util.Base64.getEncoder()
                .encodeToString(keysmith.kms
                        .encrypt(b -> b.keyId(keyId)
                                .plaintext(SdkBytes.fromUtf8String("secret"))
                                .encryptionContext(Map.of("a", "?")))
                        .ciphertextBlob()
                        .asByteArray());
        assertRefused(
                post("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":{\"a\":\"\\ud800\"}}"),
                "Value at 'encryptionContext.a'");
        assertRefused(
                post("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":{\"a\":\"\\udfff\"}}"),
                "Value at 'encryptionContext.a'");
        assertEquals(
                200,
                post("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":{\"a\":\"?\"}}")
                        .statusCode());
    }

    @Test
    void loneSurrogatesAreRefusedWhereverTextBecomesBytes() throws Exception {
        assertRefused(
                post(
                        "Encrypt",
                        "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AA==\",\"EncryptionContext\":"
                                + "{\"\\ud800\":\"v\"}}"),
                "Key at 'encryptionContext'");
        assertRefused(post("CreateKey", "{\"Description\":\"\\ud800\"}"), "Value at 'description'");
        assertRefused(
                post(
                        "TagResource",
                        "{\"KeyId\":\"" + keyId + "\",\"Tags\":[{\"TagKey\":\"k\",\"TagValue\":" + "\"\\udc00\"}]}"),
                "Value at 'tags.1.member.tagValue'");
        assertRefused(
                post("CreateAlias", "{\"AliasName\":\"alias/\\ud800\",\"TargetKeyId\":\"" + keyId + "\"}"),
                "Value at 'aliasName'");
        assertRefused(
                post("PutKeyPolicy", "{\"KeyId\":\"" + keyId + "\",\"Policy\":\"\\ud800\"}"), "Value at 'policy'");
    }
}
