package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/** The packaged runner with {@code --identities}: SigV4 verified for the real SDK, AWS's errors otherwise. */
class IdentitiesIT {
    private static final String ALICE_KEY = "AKIAALICE0000000TEST";
    private static final String ALICE_SECRET = "alice-secret-0123456789abcdefghijklmnopq";
    private static final String BOB_KEY = "ASIABOB00000000TEST1";
    private static final String BOB_SECRET = "bob-secret-0123456789abcdefghijklmnopqrs";

    @TempDir
    Path dir;

    private Path identities() throws Exception {
        Path file = dir.resolve("identities.json");
        Files.writeString(file, """
                [{"accessKeyId": "%s", "secretAccessKey": "%s", "arn": "arn:aws:iam::111122223333:user/alice"},
                 {"accessKeyId": "%s", "secretAccessKey": "%s",
                  "arn": "arn:aws:sts::444455556666:assumed-role/Admin/bob-session"}]
                """.formatted(ALICE_KEY, ALICE_SECRET, BOB_KEY, BOB_SECRET));
        return file;
    }

    private static KmsClient client(LocalKeysmith keysmith, String accessKey, String secret) {
        return KmsClient.builder()
                .endpointOverride(keysmith.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void twoIdentitiesCallThroughTheSdkAndOthersGetAwsErrors() throws Exception {
        String output;
        try (LocalKeysmith keysmith = LocalKeysmith.inMemory(
                "--region",
                "eu-west-1",
                "--account",
                "111122223333",
                "--identities",
                identities().toString())) {
            try (KmsClient alice = client(keysmith, ALICE_KEY, ALICE_SECRET);
                    KmsClient bob = client(keysmith, BOB_KEY, BOB_SECRET)) {
                String keyArn = alice.createKey().keyMetadata().arn();
                // Bob is of another account, which the key's default policy does not name.
                KmsException denied = assertThrows(KmsException.class, () -> bob.describeKey(b -> b.keyId(keyArn)));
                assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
                assertEquals(
                        "User: arn:aws:sts::444455556666:assumed-role/Admin/bob-session is not authorized to perform:"
                                + " kms:DescribeKey on resource: " + keyArn
                                + " because no resource-based policy allows the kms:DescribeKey action",
                        denied.awsErrorDetails().errorMessage());
            }
            try (KmsClient stranger = client(keysmith, "AKIAUNKNOWN000000000", ALICE_SECRET)) {
                KmsException e = assertThrows(KmsException.class, stranger::listKeys);
                assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
                assertEquals(400, e.statusCode());
                assertEquals(
                        "The security token included in the request is invalid.",
                        e.awsErrorDetails().errorMessage());
            }
            try (KmsClient wrongSecret = client(keysmith, ALICE_KEY, BOB_SECRET)) {
                KmsException e = assertThrows(KmsException.class, wrongSecret::listKeys);
                assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
                assertEquals(400, e.statusCode());
                assertTrue(
                        e.awsErrorDetails()
                                .errorMessage()
                                .startsWith(
                                        "The request signature we calculated does not match the signature you provided."),
                        e.getMessage());
            }
            try (RawHttp http = new RawHttp(keysmith.port(), 20_000)) {
                http.send(RawHttp.kms("ListKeys", keysmith.port(), "{}"));
                RawHttp.Response missing = http.read();
                assertEquals(400, missing.status());
                assertEquals(
                        "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}",
                        missing.body());
                // The connection stays usable, and health needs no signature.
                http.send(RawHttp.request("GET", "/health", keysmith.port(), ""));
                assertEquals(200, http.read().status());
            }
            Instant stale = Instant.now().minus(20, ChronoUnit.MINUTES);
            try (RawHttp http = new RawHttp(keysmith.port(), 20_000)) {
                http.send(signedAt(stale, keysmith.port()));
                RawHttp.Response expired = http.read();
                assertEquals(400, expired.status(), expired.body());
                assertTrue(
                        expired.body()
                                .startsWith(
                                        "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: "
                                                + AMZ_DATE.format(stale) + " is now earlier than "),
                        expired.body());
                assertTrue(expired.body().endsWith(" - 15 min.)\"}"), expired.body());
            }
            try (RawHttp http = new RawHttp(keysmith.port(), 20_000)) {
                // The same request signed now passes: the date alone made the difference.
                http.send(signedAt(Instant.now(), keysmith.port()));
                assertEquals(200, http.read().status());
            }
            Thread.sleep(200);
            output = keysmith.output();
        }
        assertTrue(
                output.contains("Keysmith verifies SigV4 signatures (service kms, region eu-west-1) of 2 identities"),
                output);
        assertTrue(output.contains(" caller=arn:aws:iam::111122223333:user/alice operation=CreateKey "), output);
        assertTrue(
                output.contains(
                        " caller=arn:aws:sts::444455556666:assumed-role/Admin/bob-session operation=DescribeKey "),
                output);
        assertTrue(
                output.contains(" caller=- operation=ListKeys key=- status=400 error=UnrecognizedClientException "),
                output);
        assertTrue(
                output.contains(" caller=- operation=ListKeys key=- status=400 error=InvalidSignatureException "),
                output);
        assertFalse(output.contains(ALICE_SECRET) || output.contains(BOB_SECRET), "a secret in the output: " + output);
        assertFalse(output.contains("no --identities"), output);
    }

    private static final java.time.format.DateTimeFormatter AMZ_DATE =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A ListKeys request signed for Alice by the SDK's signer at {@code at}, as raw HTTP. */
    private static String signedAt(Instant at, int port) {
        String body = "{}";
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(ALICE_KEY, ALICE_SECRET))
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .protocol("http")
                                .host("127.0.0.1")
                                .port(port)
                                .encodedPath("/")
                                .putHeader("Host", "127.0.0.1:" + port)
                                .putHeader("X-Amz-Target", "TrentService.ListKeys")
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
        List<String> headers = new ArrayList<>();
        signed.forEachHeader((name, values) -> headers.add(name + ": " + values.get(0)));
        return RawHttp.request("POST", "/", port, body, headers.toArray(String[]::new));
    }

    /** The AWS CLI signs with botocore, which signs no x-amz-content-sha256: the SDK's older signer checks it. */
    @Test
    void theAwsCliSignsAsAnIdentity() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(AwsCli.present(), "the AWS CLI is not on the PATH");
        try (LocalKeysmith keysmith = LocalKeysmith.inMemory(
                "--region",
                "eu-west-1",
                "--account",
                "111122223333",
                "--identities",
                identities().toString())) {
            String created = aws(keysmith, ALICE_KEY, ALICE_SECRET, "create-key");
            assertTrue(created.contains("\"KeyId\""), created);
            String refused = aws(keysmith, ALICE_KEY, BOB_SECRET, "list-keys");
            assertTrue(refused.contains("InvalidSignatureException"), refused);
            Thread.sleep(200);
            assertTrue(
                    keysmith.output().contains(" caller=arn:aws:iam::111122223333:user/alice operation=CreateKey "),
                    keysmith.output());
        }
    }

    /** The CLI's output, without retries: a refused signature is answered once. */
    private static String aws(LocalKeysmith keysmith, String accessKey, String secret, String... args)
            throws Exception {
        ProcessBuilder command = AwsCli.kms(keysmith, "eu-west-1", accessKey, secret, args);
        command.environment().put("AWS_MAX_ATTEMPTS", "1");
        return AwsCli.run(command).output();
    }

    @Test
    void aBadIdentitiesFileStopsStartUpWithOneLine() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(
                bad,
                "[{\"accessKeyId\": \"AKIAALICE0000000TEST\", \"secretAccessKey\": \"" + ALICE_SECRET
                        + "\", \"arn\": \"alice\"}]",
                StandardCharsets.UTF_8);
        Path notJson = dir.resolve("not.json");
        Files.writeString(notJson, "[{\"secretAccessKey\": \"" + ALICE_SECRET + "\",", StandardCharsets.UTF_8);
        for (Path file : List.of(bad, notJson, dir.resolve("missing.json"))) {
            try (RunnerOutput run = new RunnerOutput(
                    RunnerProcess.start("--in-memory", "--port", "0", "--identities", file.toString()))) {
                assertEquals(1, run.awaitExit(), run.output());
                assertEquals(1, run.lines.size(), run.output());
                assertTrue(run.lines.get(0).startsWith("keysmith-local: --identities " + file), run.output());
                assertFalse(run.output().contains(ALICE_SECRET), run.output());
            }
        }
    }
}
