package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keysmith.core.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Requests signed by the AWS SDK's signer verify; each part changed after signing fails with AWS's error. */
class SigV4VerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-30T13:00:00Z");
    private static final String ALICE_KEY = "AKIAALICE0000000TEST";
    private static final String ALICE_SECRET = "alice-secret/0123456789abcdefghijklmnopqrstu";
    private static final String BOB_KEY = "AKIABOB00000000TEST1";
    private static final String BODY = "{\"KeyId\":\"alias/demo\",\"Plaintext\":\"aGVsbG8=\"}";
    private static final Identities IDENTITIES = identities();

    private final SigV4Verifier verifier = new SigV4Verifier(IDENTITIES, "eu-west-1", Clock.fixed(NOW, ZoneOffset.UTC));

    private static Identities identities() {
        try {
            return Identities.parse(
                    new ObjectMapper().readTree("""
                    [{"accessKeyId": "%s", "secretAccessKey": "%s", "arn": "arn:aws:iam::111122223333:user/alice"},
                     {"accessKeyId": "%s", "secretAccessKey": "bob-secret",
                      "arn": "arn:aws:sts::444455556666:assumed-role/Admin/bob-session"}]
                    """.formatted(ALICE_KEY, ALICE_SECRET, BOB_KEY)), "test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A KMS request as an SDK client sends it, signed by the SDK's signer; header names lower-cased as the server does. */
    private static Authentication.ReceivedRequest signed(
            String accessKey, String secret, String region, String service, Instant at, String body) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol("http")
                .host("127.0.0.1")
                .port(4599)
                .encodedPath("/")
                .putHeader("Host", "127.0.0.1:4599")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "TrentService.Encrypt")
                .putHeader("Content-Length", Integer.toString(body.length()))
                .putHeader("User-Agent", "aws-sdk-java/2 test")
                .build();
        SdkHttpRequest signedRequest = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(accessKey, secret))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
        Map<String, String> headers = new HashMap<>();
        signedRequest.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        return new Authentication.ReceivedRequest(
                "POST", "/", null, headers, Set.of(), body.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
    }

    private static Authentication.ReceivedRequest alice() {
        return signed(ALICE_KEY, ALICE_SECRET, "eu-west-1", "kms", NOW.minusSeconds(30), BODY);
    }

    private static Authentication.ReceivedRequest withHeader(
            Authentication.ReceivedRequest r, String name, String value) {
        Map<String, String> headers = new HashMap<>(r.headers());
        headers.put(name, value);
        return new Authentication.ReceivedRequest(
                r.method(), r.path(), r.rawQuery(), headers, r.repeatedHeaders(), r.body(), r.sourceIp());
    }

    private void assertRefused(Authentication.ReceivedRequest request, String code, String message) {
        Authentication.Refused refused = assertThrows(Authentication.Refused.class, () -> verifier.callerOf(request));
        assertEquals(400, refused.refusal().status());
        assertEquals(code, refused.refusal().code());
        assertEquals(message, refused.refusal().message());
    }

    @Test
    void aRequestSignedByTheSdkNamesItsIdentity() throws Exception {
        Caller alice = verifier.callerOf(alice());
        assertEquals(Caller.of("arn:aws:iam::111122223333:user/alice", "127.0.0.1", false), alice);
        assertEquals("111122223333", alice.account());
        Caller bob = verifier.callerOf(signed(BOB_KEY, "bob-secret", "eu-west-1", "kms", NOW.plusSeconds(60), BODY));
        assertEquals("arn:aws:sts::444455556666:assumed-role/Admin/bob-session", bob.arn());
        assertEquals("444455556666", bob.account());
    }

    @Test
    void theSignatureIsAValidOneToBeginWith() {
        // Guards the tests below: the request they tamper with verifies unchanged.
        assertTrue(
                alice().header("authorization")
                        .contains("SignedHeaders=content-length;content-type;host;"
                                + "x-amz-content-sha256;x-amz-date;x-amz-target"),
                alice().header("authorization"));
    }

    /**
     * Signed by botocore 1.43 (the AWS CLI's and boto3's signer) at 2026-11-30T12:59:30Z, which signs no
     * x-amz-content-sha256 header: an independent signer's request verifies.
     */
    private static Authentication.ReceivedRequest botocoreSigned(String body) {
        return new Authentication.ReceivedRequest(
                "POST",
                "/",
                null,
                Map.of(
                        "host", "127.0.0.1:4599",
                        "content-type", "application/x-amz-json-1.1",
                        "x-amz-target", "TrentService.Encrypt",
                        "user-agent", "aws-cli/2 test",
                        "x-amz-date", "20261130T125930Z",
                        "content-length", "45",
                        "authorization",
                                "AWS4-HMAC-SHA256 Credential=AKIAALICE0000000TEST/20261130/eu-west-1/kms/aws4_request, "
                                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                                        + "Signature=42c7dc021312e385848de5589b35e4491c6ef20f81cc73e1378184d8e0a4afcf"),
                Set.of(),
                body.getBytes(StandardCharsets.UTF_8),
                "127.0.0.1");
    }

    @Test
    void aRequestSignedByBotocoreVerifies() throws Exception {
        assertEquals(
                "arn:aws:iam::111122223333:user/alice",
                verifier.callerOf(botocoreSigned(BODY)).arn());
    }

    @Test
    void aTamperedBodyFails() {
        // Signed without a payload hash header: only the signature catches it.
        assertRefused(
                botocoreSigned(BODY.replace("demo", "othr")), "InvalidSignatureException", SigV4Verifier.MISMATCH);
        // With the SDK's x-amz-content-sha256 header, the hash no longer matches the body.
        Authentication.ReceivedRequest r = alice();
        byte[] other = BODY.replace("demo", "other").getBytes(StandardCharsets.UTF_8);
        assertRefused(
                new Authentication.ReceivedRequest(
                        r.method(), r.path(), r.rawQuery(), r.headers(), r.repeatedHeaders(), other, r.sourceIp()),
                "InvalidSignatureException",
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
        // And a hash header rewritten to the new body breaks the signature.
        Authentication.ReceivedRequest rehashed = withHeader(
                new Authentication.ReceivedRequest(
                        r.method(), r.path(), r.rawQuery(), r.headers(), r.repeatedHeaders(), other, r.sourceIp()),
                "x-amz-content-sha256",
                SigV4Verifier.sha256Hex(other));
        assertRefused(rehashed, "InvalidSignatureException", SigV4Verifier.MISMATCH);
    }

    @Test
    void aTamperedSignedHeaderFails() {
        assertRefused(
                withHeader(alice(), "x-amz-target", "TrentService.Decrypt"),
                "InvalidSignatureException",
                SigV4Verifier.MISMATCH);
        assertRefused(
                withHeader(alice(), "host", "localhost:4599"), "InvalidSignatureException", SigV4Verifier.MISMATCH);
    }

    @Test
    void anUnsignedAmzHeaderFails() {
        assertRefused(
                withHeader(alice(), "x-amz-security-token", "x"),
                "InvalidSignatureException",
                "There were headers present in the request which were not signed: x-amz-security-token");
    }

    @Test
    void aTamperedDateFails() {
        assertRefused(
                withHeader(alice(), "x-amz-date", "20261130T125931Z"),
                "InvalidSignatureException",
                SigV4Verifier.MISMATCH);
    }

    @Test
    void aStaleOrFutureDateFails() {
        assertRefused(
                signed(ALICE_KEY, ALICE_SECRET, "eu-west-1", "kms", NOW.minusSeconds(16 * 60), BODY),
                "InvalidSignatureException",
                "Signature expired: 20261130T124400Z is now earlier than 20261130T124500Z (20261130T130000Z - 15 min.)");
        assertRefused(
                signed(ALICE_KEY, ALICE_SECRET, "eu-west-1", "kms", NOW.plusSeconds(16 * 60), BODY),
                "InvalidSignatureException",
                "Signature not yet current: 20261130T131600Z is still later than 20261130T131500Z "
                        + "(20261130T130000Z + 15 min.)");
    }

    @Test
    void anotherRegionOrServiceFails() {
        assertRefused(
                signed(ALICE_KEY, ALICE_SECRET, "us-east-1", "kms", NOW, BODY),
                "InvalidSignatureException",
                "Credential should be scoped to a valid region, not 'us-east-1'. ");
        assertRefused(
                signed(ALICE_KEY, ALICE_SECRET, "eu-west-1", "execute-api", NOW, BODY),
                "InvalidSignatureException",
                "Credential should be scoped to correct service: 'kms'. ");
    }

    @Test
    void aWrongSecretFails() {
        assertRefused(
                signed(ALICE_KEY, "not-alices-secret", "eu-west-1", "kms", NOW, BODY),
                "InvalidSignatureException",
                SigV4Verifier.MISMATCH);
        // Bob's secret does not sign for Alice's key.
        assertRefused(
                signed(ALICE_KEY, "bob-secret", "eu-west-1", "kms", NOW, BODY),
                "InvalidSignatureException",
                SigV4Verifier.MISMATCH);
    }

    @Test
    void anUnknownAccessKeyFails() {
        assertRefused(
                signed("AKIAUNKNOWN000000000", ALICE_SECRET, "eu-west-1", "kms", NOW, BODY),
                "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    @Test
    void noAuthorizationHeaderIsAMissingToken() {
        Map<String, String> headers = new HashMap<>(alice().headers());
        headers.remove("authorization");
        assertRefused(
                new Authentication.ReceivedRequest("POST", "/", null, headers, Set.of(), new byte[0], "127.0.0.1"),
                "MissingAuthenticationTokenException",
                "Missing Authentication Token");
    }

    @Test
    void aPayloadHashMustMatchTheBody() throws Exception {
        Authentication.ReceivedRequest r = alice();
        assertRefused(
                withHeader(r, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
                "InvalidSignatureException",
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void malformedAuthorizationHeadersAreIncompleteSignatures() {
        UnaryOperator<String> auth = value -> value;
        for (String header : List.of(
                "AWS4-HMAC-SHA256 Credential=AKIAALICE0000000TEST/20261130/eu-west-1/kms",
                "AWS4-HMAC-SHA256 SignedHeaders=host",
                "Basic dXNlcjpwYXNz",
                "AWS4-HMAC-SHA256 ")) {
            Authentication.Refused refused = assertThrows(
                    Authentication.Refused.class,
                    () -> verifier.callerOf(withHeader(alice(), "authorization", auth.apply(header))),
                    header);
            assertEquals("IncompleteSignatureException", refused.refusal().code(), header);
        }
    }

    @Test
    void anImpossibleDateIsAnIncompleteSignature() {
        for (String date : List.of("20261330T000000Z", "2026-11-30T13:00:00Z", "")) {
            Authentication.Refused refused = assertThrows(
                    Authentication.Refused.class,
                    () -> verifier.callerOf(withHeader(alice(), "x-amz-date", date)),
                    date);
            assertEquals("IncompleteSignatureException", refused.refusal().code(), date);
        }
    }

    @Test
    void secretsStayOutOfToString() {
        String shown = IDENTITIES.find(ALICE_KEY).orElseThrow().toString();
        assertFalse(shown.contains(ALICE_SECRET), shown);
        assertTrue(shown.contains(ALICE_KEY), shown);
    }
}
