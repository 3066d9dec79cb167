package io.keysmith.lambda.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;

/** The lean KMS client against the SDK's KmsClient, as in {@link LeanDynamoDbClientTest}: same JSON out, same objects in. */
class LeanKmsClientTest {
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private final RecordingServer wire = RecordingServer.start();
    private final KmsClient sdk = wire.sdkClient(KmsClient.builder());
    private final LeanKmsClient lean =
            new LeanKmsClient(RecordingServer.service(LeanKmsClient.PROTOCOL, wire.endpoint()));
    private final SideBySide<KmsClient> sideBySide = new SideBySide<>(wire, sdk, lean);

    @AfterEach
    void close() {
        sdk.close();
        wire.close();
    }

    /** The root key's envelope: Encrypt and Decrypt with a key id and an encryption context. */
    private static final List<Function<KmsClient, Object>> CALLS = List.of(
            c -> c.encrypt(r -> r.keyId(KEY_ARN)
                    .plaintext(SdkBytes.fromByteArray(new byte[32]))
                    .encryptionContext(Map.of("keysmith:root-key", "v1", "table", "keysmith-root-key"))
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                    .grantTokens("grant")),
            c -> c.decrypt(r -> r.keyId(KEY_ARN)
                    .ciphertextBlob(SdkBytes.fromByteArray(new byte[] {1, 2, 3, (byte) 0xfe}))
                    .encryptionContext(Map.of("keysmith:root-key", "v1"))
                    .dryRun(false)));

    @Test
    void encryptAndDecryptSendTheSdksJson() throws Exception {
        for (Function<KmsClient, Object> call : CALLS) {
            sideBySide.assertSameRequest(call);
        }
    }

    @Test
    void responsesReadAsTheSdkReadsThem() {
        sideBySide.assertSameResponse(
                CALLS.get(0),
                "{\"CiphertextBlob\":\"AQIDBA==\",\"KeyId\":\"" + KEY_ARN
                        + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
        sideBySide.assertSameResponse(
                CALLS.get(1),
                "{\"KeyId\":\"" + KEY_ARN + "\",\"Plaintext\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\","
                        + "\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
    }

    @Test
    void errorsAreTheSdksExceptions() {
        List<String> errors = List.of(
                "{\"__type\":\"NotFoundException\",\"message\":\"Key '" + KEY_ARN + "' does not exist\"}",
                "{\"__type\":\"InvalidCiphertextException\",\"message\":null}",
                "{\"__type\":\"IncorrectKeyException\",\"message\":\"The key ID in the request does not identify a CMK"
                        + " that can perform this operation.\"}",
                "{\"__type\":\"KMSInvalidStateException\",\"message\":\"" + KEY_ARN + " is pending deletion.\"}",
                "{\"__type\":\"DisabledException\",\"message\":\"" + KEY_ARN + " is disabled.\"}",
                "{\"__type\":\"AccessDeniedException\",\"Message\":\"User is not authorized to perform kms:Decrypt\"}");
        errors.forEach(error -> sideBySide.assertSameError(CALLS.get(1), error));
    }

    @Test
    void aKmsInternalErrorIsRetriedAndThenAnswered() {
        wire.reply(
                RecordingServer.Reply.of(500, "{\"__type\":\"KMSInternalException\",\"message\":\"internal\"}"),
                RecordingServer.Reply.of(200, "{\"KeyId\":\"" + KEY_ARN + "\",\"Plaintext\":\"AAEC\"}"));

        assertEquals(3, lean.decrypt(r -> r.keyId(KEY_ARN)).plaintext().asByteArray().length);
        assertEquals(2, wire.received().size());
    }

    @Test
    void theEndpointIsKmsOfTheRegionUnlessTheEnvironmentNamesOne() {
        assertEquals(
                URI.create("https://kms.eu-west-1.amazonaws.com"),
                AwsJsonService.endpoint("kms", "eu-west-1", Map.of()));
        assertEquals(
                URI.create("http://127.0.0.1:4566"),
                AwsJsonService.endpoint(
                        "kms",
                        "eu-west-1",
                        Map.of("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_DYNAMODB", "x")));
    }
}
