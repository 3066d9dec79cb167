package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keysmith.enclave.TestEnclave;
import io.keysmith.policy.DefaultPolicies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RecipientInfo;

/**
 * Key policies and the service policy deciding real SDK calls of four identities: an admin, Alice and Bob of the
 * deployment's account 111122223333, and Carol of account 444455556666.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationIT {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";
    private static final byte[] IMAGE = filled((byte) 0x11);

    /** Admin manages; Alice makes key pairs for acme, and for an attested image; no RSA_4096; Carol uses the key. */
    private static final String TENANT_POLICY =
            """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/admin"},
               "Action": "kms:*", "Resource": "*"},
              {"Sid": "AliceForAcme", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
               "Action": "kms:GenerateDataKeyPairWithoutPlaintext", "Resource": "*",
               "Condition": {"StringEquals": {"kms:EncryptionContext:tenant": "acme"}}},
              {"Sid": "AliceToHerEnclave", "Effect": "Allow",
               "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
               "Action": "kms:GenerateDataKeyPair", "Resource": "*",
               "Condition": {"StringEqualsIgnoreCase": {"kms:RecipientAttestation:ImageSha384": "%s"}}},
              {"Sid": "NoRsa4096", "Effect": "Deny", "Principal": "*",
               "Action": "kms:GenerateDataKeyPair*", "Resource": "*",
               "Condition": {"StringEquals": {"kms:DataKeyPairSpec": "RSA_4096"}}},
              {"Sid": "CarolUses", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:user/carol"},
               "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}
            ]}""".formatted(HexFormat.of().formatHex(IMAGE).toUpperCase(java.util.Locale.ROOT));

    private final TestEnclave enclave = new TestEnclave();
    private LocalKeysmith keysmith;
    private KmsClient admin;
    private KmsClient alice;
    private KmsClient bob;
    private KmsClient carol;

    @BeforeAll
    void start() throws Exception {
        // A @TempDir field is injected only before each test, after @BeforeAll.
        Path dir = Files.createTempDirectory("authorization-it");
        Path identities = Files.writeString(dir.resolve("identities.json"), """
                [{"accessKeyId": "AKIAADMIN00000000001", "secretAccessKey": "admin-secret-0123456789abcdefghijklmnop",
                  "arn": "arn:aws:iam::111122223333:user/admin"},
                 {"accessKeyId": "AKIAALICE00000000001", "secretAccessKey": "alice-secret-0123456789abcdefghijklmnop",
                  "arn": "arn:aws:iam::111122223333:user/alice"},
                 {"accessKeyId": "AKIABOB0000000000001", "secretAccessKey": "bob-secret-0123456789abcdefghijklmnopqr",
                  "arn": "arn:aws:iam::111122223333:user/bob"},
                 {"accessKeyId": "AKIACAROL00000000001", "secretAccessKey": "carol-secret-0123456789abcdefghijklmnop",
                  "arn": "arn:aws:iam::444455556666:user/carol"}]
                """);
        Path anchor = Files.writeString(dir.resolve("nitro-test-root.pem"), enclave.rootPem());
        keysmith = LocalKeysmith.inMemory(
                "--region",
                REGION,
                "--account",
                ACCOUNT,
                "--identities",
                identities.toString(),
                "--enclave-trust-anchor",
                anchor.toString());
        admin = client("AKIAADMIN00000000001", "admin-secret-0123456789abcdefghijklmnop");
        alice = client("AKIAALICE00000000001", "alice-secret-0123456789abcdefghijklmnop");
        bob = client("AKIABOB0000000000001", "bob-secret-0123456789abcdefghijklmnopqr");
        carol = client("AKIACAROL00000000001", "carol-secret-0123456789abcdefghijklmnop");
    }

    @AfterAll
    void stop() {
        for (KmsClient client : List.of(admin, alice, bob, carol)) {
            client.close();
        }
        keysmith.close();
    }

    private KmsClient client(String accessKey, String secret) {
        return KmsClient.builder()
                .endpointOverride(keysmith.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private String tenantKey() {
        return admin.createKey(r -> r.policy(TENANT_POLICY)).keyMetadata().arn();
    }

    private static GenerateDataKeyPairResponse pairFor(KmsClient client, String keyId, String spec, byte[] image)
            throws Exception {
        return client.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec(spec).recipient(recipient(image)));
    }

    private static Consumer<RecipientInfo.Builder> recipient(byte[] document) {
        return r ->
                r.keyEncryptionAlgorithm("RSAES_OAEP_SHA_256").attestationDocument(SdkBytes.fromByteArray(document));
    }

    private byte[] attestation(byte[] image) throws Exception {
        TestEnclave.Document d = enclave.document();
        d.imageSha384 = image;
        return TestEnclave.encode(d);
    }

    private static String deniedMessage(String caller, String action, String keyArn) {
        return "User: " + caller + " is not authorized to perform: " + action + " on resource: " + keyArn
                + " because no resource-based policy allows the " + action + " action";
    }

    @Test
    void theDefaultPolicyLetsTheAccountUseTheKeyThroughTheDefaultServicePolicy() {
        // Given
        String keyId =
                alice.createKey(r -> r.description("default")).keyMetadata().keyId();

        // When
        String policy =
                bob.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy();

        // Then
        assertEquals(DefaultPolicies.keyPolicyText("aws", ACCOUNT), policy);
        assertEquals(
                List.of("default"), bob.listKeyPolicies(r -> r.keyId(keyId)).policyNames());
        assertEquals(false, bob.listKeyPolicies(r -> r.keyId(keyId)).truncated());
        assertNotNull(bob.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
                .ciphertextBlob());
        assertEquals(keyId, alice.describeKey(r -> r.keyId(keyId)).keyMetadata().keyId());
    }

    @Test
    void onlyAliceGeneratesKeyPairsAndOnlyForAcme() {
        // Given
        String keyArn = tenantKey();
        Map<String, String> acme = Map.of("tenant", "acme");

        // When
        var pair = alice.generateDataKeyPairWithoutPlaintext(
                r -> r.keyId(keyArn).keyPairSpec("ECC_NIST_P256").encryptionContext(acme));

        // Then
        assertNotNull(pair.privateKeyCiphertextBlob());
        KmsException bobDenied = denied(() -> bob.generateDataKeyPairWithoutPlaintext(
                r -> r.keyId(keyArn).keyPairSpec("ECC_NIST_P256").encryptionContext(acme)));
        assertEquals(400, bobDenied.statusCode());
        assertEquals(
                deniedMessage("arn:aws:iam::111122223333:user/bob", "kms:GenerateDataKeyPairWithoutPlaintext", keyArn),
                bobDenied.awsErrorDetails().errorMessage());
        KmsException otherTenant = denied(() -> alice.generateDataKeyPairWithoutPlaintext(
                r -> r.keyId(keyArn).keyPairSpec("ECC_NIST_P256").encryptionContext(Map.of("tenant", "globex"))));
        assertEquals(
                deniedMessage(
                        "arn:aws:iam::111122223333:user/alice", "kms:GenerateDataKeyPairWithoutPlaintext", keyArn),
                otherTenant.awsErrorDetails().errorMessage());
        denied(() -> alice.describeKey(r -> r.keyId(keyArn)));
    }

    @Test
    void aDenyOnTheKeyPairSpecWinsOverAnAllow() throws Exception {
        // Given
        String keyArn = tenantKey();

        // When
        KmsException rsa = denied(() -> alice.generateDataKeyPairWithoutPlaintext(
                r -> r.keyId(keyArn).keyPairSpec("RSA_4096").encryptionContext(Map.of("tenant", "acme"))));

        // Then
        assertEquals(
                "User: arn:aws:iam::111122223333:user/alice is not authorized to perform:"
                        + " kms:GenerateDataKeyPairWithoutPlaintext on resource: " + keyArn
                        + " with an explicit deny in a resource-based policy",
                rsa.awsErrorDetails().errorMessage());
        denied(() -> admin.generateDataKeyPair(r -> r.keyId(keyArn).keyPairSpec("RSA_4096")));
        String log = awaitLog("decision=EXPLICIT_DENY decided_by=KEY_POLICY:NoRsa4096");
        assertTrue(
                log.contains(
                        " caller=arn:aws:iam::111122223333:user/alice operation=GenerateDataKeyPairWithoutPlaintext"
                                + " key=" + keyArn + " status=400 error=AccessDeniedException"
                                + " decision=EXPLICIT_DENY decided_by=KEY_POLICY:NoRsa4096 "),
                log);
    }

    @Test
    void aRecipientConditionAllowsOnlyTheAttestedImage() throws Exception {
        // Given
        String keyArn = tenantKey();

        // When
        GenerateDataKeyPairResponse attested = pairFor(alice, keyArn, "ECC_NIST_P256", attestation(IMAGE));

        // Then
        assertNotNull(attested.ciphertextForRecipient());
        assertNull(attested.privateKeyPlaintext());
        byte[] otherImage = attestation(filled((byte) 0x22));
        denied(() -> pairFor(alice, keyArn, "ECC_NIST_P256", otherImage));
        denied(() -> alice.generateDataKeyPair(r -> r.keyId(keyArn).keyPairSpec("ECC_NIST_P256")));
    }

    @Test
    void anotherAccountUsesTheKeyByArnButNotByItsAlias() {
        // Given
        String keyArn = tenantKey();
        admin.createAlias(r -> r.aliasName("alias/shared-with-carol").targetKeyId(keyArn));

        // When
        var encrypted = carol.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromUtf8String("hello")));

        // Then
        assertEquals(keyArn, encrypted.keyId());
        assertEquals(
                "hello",
                carol.decrypt(r -> r.keyId(keyArn).ciphertextBlob(encrypted.ciphertextBlob()))
                        .plaintext()
                        .asUtf8String());
        NotFoundException byAlias = assertThrows(
                NotFoundException.class,
                () -> carol.encrypt(r -> r.keyId("alias/shared-with-carol").plaintext(SdkBytes.fromUtf8String("x"))));
        assertEquals(
                "Alias arn:aws:kms:eu-west-1:111122223333:alias/shared-with-carol is not found.",
                byAlias.awsErrorDetails().errorMessage());
        assertThrows(
                NotFoundException.class,
                () -> carol.encrypt(r -> r.keyId("arn:aws:kms:eu-west-1:111122223333:alias/shared-with-carol")
                        .plaintext(SdkBytes.fromUtf8String("x"))));
        denied(() -> carol.scheduleKeyDeletion(r -> r.keyId(keyArn)));
        denied(() -> carol.listKeys());
        // The admin's own account resolves the alias.
        assertEquals(
                keyArn,
                admin.describeKey(r -> r.keyId("alias/shared-with-carol"))
                        .keyMetadata()
                        .arn());
    }

    @Test
    void thePolicyLockoutCheckRefusesUntilBypassed() {
        // Given
        String keyArn = tenantKey();
        String withoutAdmin = TENANT_POLICY.replace("user/admin", "user/nobody");

        // When
        MalformedPolicyDocumentException lockout = assertThrows(
                MalformedPolicyDocumentException.class,
                () -> admin.putKeyPolicy(
                        r -> r.keyId(keyArn).policyName("default").policy(withoutAdmin)));

        // Then
        assertEquals(
                "The new key policy will not allow you to update the key policy in the future.",
                lockout.awsErrorDetails().errorMessage());
        assertEquals(
                TENANT_POLICY,
                admin.getKeyPolicy(r -> r.keyId(keyArn).policyName("default")).policy());
        admin.putKeyPolicy(
                r -> r.keyId(keyArn).policyName("default").policy(withoutAdmin).bypassPolicyLockoutSafetyCheck(true));
        denied(() -> admin.getKeyPolicy(r -> r.keyId(keyArn)));
        KmsException malformed = assertThrows(
                MalformedPolicyDocumentException.class, () -> admin.createKey(r -> r.policy("{\"Statement\": 1}")));
        assertEquals(400, malformed.statusCode());
    }

    private String awaitLog(String fragment) throws InterruptedException {
        for (int attempt = 0; attempt < 50 && !keysmith.output().contains(fragment); attempt++) {
            Thread.sleep(100);
        }
        return keysmith.output();
    }

    @Test
    void aGrantLetsBobUseTheKeyWithinItsConstraintUntilRetiredOrRevoked() {
        // Given: the admin grants Bob Encrypt and Decrypt for tenant acme, retirable by Bob, and a second grant
        String keyArn = tenantKey();
        String bobArn = "arn:aws:iam::111122223333:user/bob";
        Map<String, String> acme = Map.of("tenant", "acme");
        var retirable = admin.createGrant(r -> r.keyId(keyArn)
                .granteePrincipal(bobArn)
                .retiringPrincipal(bobArn)
                .operationsWithStrings("Encrypt", "Decrypt")
                .constraints(c -> c.encryptionContextSubset(acme)));
        var revocable = admin.createGrant(r -> r.keyId(keyArn)
                .granteePrincipal(bobArn)
                .operationsWithStrings("Encrypt")
                .constraints(c -> c.encryptionContextSubset(acme)));
        SdkBytes plaintext = SdkBytes.fromUtf8String("grant me");

        // When: Bob encrypts and decrypts within the constraint
        SdkBytes blob = bob.encrypt(r -> r.keyId(keyArn).plaintext(plaintext).encryptionContext(acme))
                .ciphertextBlob();

        // Then: the grants allow that, nothing outside the constraint, and nothing they do not list
        assertEquals(
                plaintext,
                bob.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(acme)).plaintext());
        denied(() -> bob.encrypt(r -> r.keyId(keyArn).plaintext(plaintext).encryptionContext(Map.of("tenant", "x"))));
        denied(() -> bob.describeKey(r -> r.keyId(keyArn)));

        // When: Bob retires the first grant; the second still lets him encrypt but no longer decrypt
        bob.retireGrant(r -> r.grantToken(retirable.grantToken()));

        // Then
        bob.encrypt(r -> r.keyId(keyArn).plaintext(plaintext).encryptionContext(acme));
        denied(() -> bob.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(acme)));

        // When: the admin revokes the second grant
        admin.revokeGrant(r -> r.keyId(keyArn).grantId(revocable.grantId()));

        // Then: Bob is back to what the key policy gives him, which is nothing
        denied(() -> bob.encrypt(r -> r.keyId(keyArn).plaintext(plaintext).encryptionContext(acme)));
        assertEquals(List.of(), admin.listGrants(r -> r.keyId(keyArn)).grants());
    }

    @Test
    void bobCannotGrantHimselfWhatThePolicyDoesNotAllowNorForgeAToken() {
        // Given
        String keyArn = tenantKey();
        String bobArn = "arn:aws:iam::111122223333:user/bob";
        var grant =
                admin.createGrant(r -> r.keyId(keyArn).granteePrincipal(bobArn).operationsWithStrings("Encrypt"));
        String token = grant.grantToken();
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BA" : "AA");

        // When / Then: CreateGrant is the key policy's to allow, and Bob has no statement in it
        denied(() ->
                bob.createGrant(r -> r.keyId(keyArn).granteePrincipal(bobArn).operationsWithStrings("Decrypt")));
        KmsException badToken = assertThrows(
                KmsException.class,
                () -> bob.encrypt(r ->
                        r.keyId(keyArn).plaintext(SdkBytes.fromUtf8String("x")).grantTokens(forged)));
        assertEquals("InvalidGrantTokenException", badToken.awsErrorDetails().errorCode());
    }

    /** boto3 as two identities: the same policy decides, and boto3 sees AWS's error code. Skipped without boto3. */
    @Test
    void boto3CallersAreDecidedByTheSamePolicy() throws Exception {
        assumeTrue(boto3Present(), "boto3 is not installed for python3");
        // Given
        String keyArn = tenantKey();
        String script = """
                import boto3, botocore, sys
                endpoint, region, key_id, secret, key_arn = sys.argv[1:6]
                kms = boto3.client("kms", endpoint_url=endpoint, region_name=region,
                                   aws_access_key_id=key_id, aws_secret_access_key=secret)
                try:
                    pair = kms.generate_data_key_pair_without_plaintext(
                        KeyId=key_arn, KeyPairSpec="ECC_NIST_P256", EncryptionContext={"tenant": "acme"})
                    print("OK", len(pair["PublicKey"]))
                except botocore.exceptions.ClientError as e:
                    print("ERROR", e.response["Error"]["Code"])
                """;

        // When
        String aliceSays = python(script, "AKIAALICE00000000001", "alice-secret-0123456789abcdefghijklmnop", keyArn);
        String bobSays = python(script, "AKIABOB0000000000001", "bob-secret-0123456789abcdefghijklmnopqr", keyArn);

        // Then
        assertTrue(aliceSays.startsWith("OK "), aliceSays);
        assertEquals("ERROR AccessDeniedException", bobSays.strip());
    }

    private static boolean boto3Present() throws Exception {
        Process probe = new ProcessBuilder("python3", "-c", "import boto3")
                .redirectErrorStream(true)
                .start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private String python(String script, String accessKey, String secret, String keyArn) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "python3", "-c", script, keysmith.endpoint().toString(), REGION, accessKey, secret, keyArn)
                .redirectErrorStream(true);
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 did not exit: " + output);
        return output;
    }

    private static byte[] filled(byte value) {
        byte[] image = new byte[48];
        Arrays.fill(image, value);
        return image;
    }

    /** AccessDeniedException, which the SDK's model does not name: a KmsException with its code and status. */
    private static KmsException denied(Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(400, e.statusCode());
        return e;
    }
}
