package io.keysmith.lambda.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class SigV4Test {
    private static final SigV4.Credentials SUITE =
            new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    @Test
    void theTestSuitesPostVanillaGetsItsPublishedSignature() {
        // Given: aws-sig-v4-test-suite's post-vanilla (no body, no other header, no session token)
        Instant at = Instant.parse("2015-08-30T12:36:00Z");

        // When
        SigV4.Signed signed =
                new SigV4("us-east-1", "service").sign(SUITE, at, "example.amazonaws.com", Map.of(), new byte[0]);

        // Then
        assertEquals("20150830T123600Z", signed.amzDate());
        assertEquals(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, "
                        + "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
                signed.authorization());
    }

    @Test
    void aDynamoDbRequestWithASessionTokenIsSignedAsTheSdksSignerSignsIt() throws Exception {
        // Given: a GetItem as the client sends it, to an endpoint with a port, with temporary credentials
        Instant at = Instant.parse("2026-11-30T23:59:59Z");
        byte[] body = "{\"TableName\":\"keys\",\"Key\":{\"PK\":{\"S\":\"a\"}}}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers =
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "DynamoDB_20120810.GetItem");
        // The SDK's signer adds the body's hash as a header too; given to ours, both sign the same headers.
        Map<String, String> withHash = new HashMap<>(headers);
        withHash.put(
                "X-Amz-Content-Sha256",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        SigV4.Credentials credentials = new SigV4.Credentials("ASIAEXAMPLE", "c2VjcmV0+/=", "token/with+odd=chars");

        // When: both sign it
        SigV4.Signed ours = new SigV4("eu-west-1", "dynamodb").sign(credentials, at, "127.0.0.1:8000", withHash, body);
        SdkHttpRequest.Builder request =
                SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://127.0.0.1:8000/"));
        headers.forEach(request::putHeader);
        SdkHttpRequest sdks = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsSessionCredentialsIdentity.create(
                                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();

        // Then: the same headers to send
        assertEquals(sdks.firstMatchingHeader("Authorization").orElseThrow(), ours.authorization());
        assertEquals(sdks.firstMatchingHeader("X-Amz-Date").orElseThrow(), ours.amzDate());
        assertEquals(sdks.firstMatchingHeader("X-Amz-Security-Token").orElseThrow(), ours.securityToken());
    }

    @Test
    void credentialsNeverPrintTheirSecretOrToken() {
        String printed = new SigV4.Credentials("AKIDEXAMPLE", "the-secret", "the-token").toString();
        assertFalse(printed.contains("the-secret") || printed.contains("the-token"), printed);
    }

    @Test
    void aSignedRequestNeverPrintsItsToken() {
        SigV4.Signed signed = new SigV4("us-east-1", "kms")
                .sign(
                        new SigV4.Credentials("AKIDEXAMPLE", "the-secret", "the-token"),
                        Instant.EPOCH,
                        "kms.us-east-1.amazonaws.com",
                        Map.of(),
                        new byte[0]);

        assertEquals("the-token", signed.securityToken());
        assertFalse(signed.toString().contains("the-token"), signed.toString());
    }
}
