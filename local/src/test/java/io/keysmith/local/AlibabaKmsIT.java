package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.dkms.gcs.openapi.models.Config;
import com.aliyun.dkms.gcs.openapi.util.models.RuntimeOptions;
import com.aliyun.dkms.gcs.openapi.util.protobuf.ApiModels;
import com.aliyun.dkms.gcs.sdk.Client;
import com.aliyun.dkms.gcs.sdk.models.AdvanceDecryptRequest;
import com.aliyun.dkms.gcs.sdk.models.AdvanceDecryptResponse;
import com.aliyun.dkms.gcs.sdk.models.AdvanceEncryptRequest;
import com.aliyun.dkms.gcs.sdk.models.AdvanceEncryptResponse;
import com.aliyun.dkms.gcs.sdk.models.AdvanceGenerateDataKeyPairRequest;
import com.aliyun.dkms.gcs.sdk.models.AdvanceGenerateDataKeyPairResponse;
import com.aliyun.dkms.gcs.sdk.models.AdvanceGenerateDataKeyPairWithoutPlaintextRequest;
import com.aliyun.dkms.gcs.sdk.models.AdvanceGenerateDataKeyPairWithoutPlaintextResponse;
import com.aliyun.dkms.gcs.sdk.models.DecryptRequest;
import com.aliyun.dkms.gcs.sdk.models.DecryptResponse;
import com.aliyun.dkms.gcs.sdk.models.EncryptRequest;
import com.aliyun.dkms.gcs.sdk.models.EncryptResponse;
import com.aliyun.dkms.gcs.sdk.models.GenerateDataKeyPairRequest;
import com.aliyun.dkms.gcs.sdk.models.GenerateDataKeyPairResponse;
import com.aliyun.dkms.gcs.sdk.models.GenerateDataKeyPairWithoutPlaintextRequest;
import com.aliyun.dkms.gcs.sdk.models.GenerateDataKeyPairWithoutPlaintextResponse;
import com.aliyun.dkms.gcs.sdk.models.GenerateDataKeyRequest;
import com.aliyun.dkms.gcs.sdk.models.GenerateDataKeyResponse;
import com.aliyun.dkms.gcs.sdk.models.GenerateRandomRequest;
import com.aliyun.dkms.gcs.sdk.models.GenerateRandomResponse;
import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * The Alibaba Cloud KMS instance API of the packaged runner ({@code --alibaba-port}), driven by Alibaba's own SDK
 * ({@code com.aliyun.dkms.gcs.sdk.Client}) with a ClientKey file made by {@code alibaba-client-key} and the CA the
 * runner wrote, on the same keys as the AWS API. Keys are checked with the JDK and BouncyCastle from the public
 * data alone; the stale-date request is signed here, with a fresh-dated twin that passes as the control.
 */
class AlibabaKmsIT {
    private static final String PASSWORD = "correct horse battery";
    private static final String APP = "arn:aws:iam::000000000000:user/alibaba-app";
    private static final Pattern ALIBABA_LISTENING =
            Pattern.compile("Alibaba KMS instance API listening on https://127\\.0\\.0\\.1:(\\d+)");
    private static final Provider BC = new BouncyCastleProvider();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path dataDir;
    private static LocalKeysmith keysmith;
    private static int port;
    private static Path appKeyFile;
    private static Client alibaba;
    private static String keyId;
    private static String keyArn;

    @BeforeAll
    static void start() throws Exception {
        dataDir = dir.resolve("data");
        appKeyFile = clientKey(dataDir, APP, dir.resolve("app-clientkey.json"));
        keysmith = LocalKeysmith.onDisk(dataDir, "--alibaba-port", "0");
        port = alibabaPort(keysmith);
        alibaba = client(appKeyFile);
        var created = keysmith.kms.createKey(r -> r.description("alibaba"));
        keyId = created.keyMetadata().keyId();
        keyArn = created.keyMetadata().arn();
        keysmith.kms.createAlias(r -> r.aliasName("alias/alibaba").targetKeyId(keyId));
    }

    @AfterAll
    static void stop() {
        if (keysmith != null) {
            keysmith.close();
        }
    }

    @Test
    void theTlsFilesAndTheClientKeyAreOwnerOnly() throws Exception {
        assertEquals(
                "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("alibaba"))));
        List<Path> files = new ArrayList<>(List.of(appKeyFile));
        try (var inAlibaba = Files.walk(dataDir.resolve("alibaba"))) {
            inAlibaba.filter(Files::isRegularFile).forEach(files::add);
        }
        assertTrue(files.contains(dataDir.resolve("alibaba/ca.pem")), files.toString());
        for (Path file : files) {
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        JsonNode clientKey = JSON.readTree(Files.readAllBytes(appKeyFile));
        assertTrue(clientKey.path("KeyId").asText().startsWith("KAAP."), clientKey.toString());
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(
                new ByteArrayInputStream(Base64.getDecoder()
                        .decode(clientKey.path("PrivateKeyData").asText())),
                PASSWORD.toCharArray());
        assertTrue(pkcs12.aliases().hasMoreElements());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "RSA_2048, PEM",
        "RSA_2048, DER",
        "RSA_3072, PEM",
        "RSA_3072, DER",
        "RSA_4096, PEM",
        "RSA_4096, DER",
        "EC_P256, PEM",
        "EC_P256, DER",
        "EC_P256K, PEM",
        "EC_P256K, DER"
    })
    void everyKeyPairSpecAndFormatThroughAllFourOperations(String spec, String format) throws Exception {
        byte[] aad = ("tenant=acme/" + spec).getBytes(StandardCharsets.UTF_8);

        GenerateDataKeyPairResponse plain = alibaba.generateDataKeyPair(new GenerateDataKeyPairRequest()
                .setKeyId("alias/alibaba")
                .setKeyPairSpec(spec)
                .setKeyFormat(format)
                .setAad(aad));
        assertEquals(keyArn, plain.getKeyId());
        assertEquals(spec, plain.getKeyPairSpec());
        assertEquals("AES_GCM", plain.getAlgorithm());
        assertEquals(12, plain.getIv().length);
        checkPair(spec, format, plain.getPublicKey(), plain.getPrivateKeyPlaintext());
        DecryptResponse opened = alibaba.decrypt(new DecryptRequest()
                .setKeyId(keyId)
                .setCiphertextBlob(plain.getPrivateKeyCiphertextBlob())
                .setIv(plain.getIv())
                .setAlgorithm("AES_GCM")
                .setAad(aad));
        assertArrayEquals(plain.getPrivateKeyPlaintext(), opened.getPlaintext());

        GenerateDataKeyPairWithoutPlaintextResponse without =
                alibaba.generateDataKeyPairWithoutPlaintext(new GenerateDataKeyPairWithoutPlaintextRequest()
                        .setKeyId(keyId)
                        .setKeyPairSpec(spec)
                        .setKeyFormat(format)
                        .setAad(aad));
        byte[] withoutPrivate = alibaba.decrypt(new DecryptRequest()
                        .setKeyId("alias/alibaba")
                        .setCiphertextBlob(without.getPrivateKeyCiphertextBlob())
                        .setIv(without.getIv())
                        .setAad(aad))
                .getPlaintext();
        checkPair(spec, format, without.getPublicKey(), withoutPrivate);

        AdvanceGenerateDataKeyPairResponse advance =
                alibaba.advanceGenerateDataKeyPair(new AdvanceGenerateDataKeyPairRequest()
                        .setKeyId(keyId)
                        .setKeyPairSpec(spec)
                        .setKeyFormat(format)
                        .setAad(aad));
        checkPair(spec, format, advance.getPublicKey(), advance.getPrivateKeyPlaintext());
        AdvanceDecryptResponse advanceOpened = alibaba.advanceDecrypt(new AdvanceDecryptRequest()
                .setCiphertextBlob(advance.getPrivateKeyCiphertextBlob())
                .setIv(advance.getIv())
                .setAad(aad));
        assertArrayEquals(advance.getPrivateKeyPlaintext(), advanceOpened.getPlaintext());
        assertEquals(advance.getKeyVersionId(), advanceOpened.getKeyVersionId());

        AdvanceGenerateDataKeyPairWithoutPlaintextResponse advanceWithout =
                alibaba.advanceGenerateDataKeyPairWithoutPlaintext(
                        new AdvanceGenerateDataKeyPairWithoutPlaintextRequest()
                                .setKeyId("alias/alibaba")
                                .setKeyPairSpec(spec)
                                .setKeyFormat(format)
                                .setAad(aad));
        byte[] advancePrivate = alibaba.advanceDecrypt(new AdvanceDecryptRequest()
                        .setKeyId(keyId)
                        .setCiphertextBlob(advanceWithout.getPrivateKeyCiphertextBlob())
                        .setIv(advanceWithout.getIv())
                        .setAad(aad))
                .getPlaintext();
        checkPair(spec, format, advanceWithout.getPublicKey(), advancePrivate);

        // A wrong Aad opens nothing, with Alibaba's error.
        TeaException wrongAad = assertThrows(
                TeaException.class,
                () -> alibaba.decrypt(new DecryptRequest()
                        .setKeyId(keyId)
                        .setCiphertextBlob(plain.getPrivateKeyCiphertextBlob())
                        .setIv(plain.getIv())
                        .setAad("tenant=other".getBytes(StandardCharsets.UTF_8))));
        assertAlibabaError(wrongAad, 400, "InvalidParameter");
    }

    @Test
    void encryptGenerateDataKeyAndRandomRoundTrip() throws Exception {
        byte[] aad = "order-42".getBytes(StandardCharsets.UTF_8);
        byte[] message = "the plaintext".getBytes(StandardCharsets.UTF_8);
        EncryptResponse encrypted = alibaba.encrypt(
                new EncryptRequest().setKeyId(keyId).setPlaintext(message).setAad(aad));
        assertEquals("AES_GCM", encrypted.getAlgorithm());
        assertArrayEquals(
                message,
                alibaba.decrypt(new DecryptRequest()
                                .setKeyId(keyId)
                                .setCiphertextBlob(encrypted.getCiphertextBlob())
                                .setIv(encrypted.getIv())
                                .setAad(aad))
                        .getPlaintext());
        AdvanceEncryptResponse advance = alibaba.advanceEncrypt(
                new AdvanceEncryptRequest().setKeyId("alias/alibaba").setPlaintext(message));
        AdvanceDecryptResponse advanceOpened = alibaba.advanceDecrypt(new AdvanceDecryptRequest()
                .setCiphertextBlob(advance.getCiphertextBlob())
                .setIv(advance.getIv()));
        assertArrayEquals(message, advanceOpened.getPlaintext());
        assertEquals(advance.getKeyVersionId(), advanceOpened.getKeyVersionId());

        GenerateDataKeyResponse dataKey = alibaba.generateDataKey(new GenerateDataKeyRequest()
                .setKeyId(keyId)
                .setNumberOfBytes(24)
                .setAad(aad));
        assertEquals(24, dataKey.getPlaintext().length);
        assertArrayEquals(
                dataKey.getPlaintext(),
                alibaba.decrypt(new DecryptRequest()
                                .setKeyId(keyId)
                                .setCiphertextBlob(dataKey.getCiphertextBlob())
                                .setIv(dataKey.getIv())
                                .setAad(aad))
                        .getPlaintext());
        // Default length: 32 bytes.
        assertEquals(
                32,
                alibaba.generateDataKey(new GenerateDataKeyRequest().setKeyId(keyId))
                        .getPlaintext()
                        .length);

        // One request-log line per Alibaba request, as the AWS listener writes them (printed after the response).
        String logged = "caller=" + APP + " operation=Alibaba.AdvanceEncrypt key=" + keyArn + " status=200 error=- "
                + "decision=ALLOWED decided_by=SERVICE_POLICY";
        for (int i = 0; i < 100 && !keysmith.output().contains(logged); i++) {
            Thread.sleep(100);
        }
        assertTrue(keysmith.output().contains(logged), keysmith.output());

        GenerateRandomResponse random = alibaba.generateRandom(new GenerateRandomRequest().setLength(48));
        assertEquals(48, random.getRandom().length);
        assertNotEquals(
                HexFormat.of().formatHex(random.getRandom()),
                HexFormat.of()
                        .formatHex(alibaba.generateRandom(new GenerateRandomRequest().setLength(48))
                                .getRandom()));
    }

    @Test
    void plainCiphertextsKeepOpeningAfterRotationAndAdvanceOnesUseThePrimaryVersion() throws Exception {
        String rotating = keysmith.kms
                .createKey(r -> r.description("alibaba-rotation"))
                .keyMetadata()
                .keyId();
        byte[] aad = "rotation".getBytes(StandardCharsets.UTF_8);
        GenerateDataKeyPairResponse before = alibaba.generateDataKeyPair(new GenerateDataKeyPairRequest()
                .setKeyId(rotating)
                .setKeyPairSpec("EC_P256")
                .setKeyFormat("DER")
                .setAad(aad));
        AdvanceEncryptResponse advanceBefore = alibaba.advanceEncrypt(
                new AdvanceEncryptRequest().setKeyId(rotating).setPlaintext(new byte[] {1, 2, 3}));

        keysmith.kms.rotateKeyOnDemand(r -> r.keyId(rotating));

        assertArrayEquals(
                before.getPrivateKeyPlaintext(),
                alibaba.decrypt(new DecryptRequest()
                                .setKeyId(rotating)
                                .setCiphertextBlob(before.getPrivateKeyCiphertextBlob())
                                .setIv(before.getIv())
                                .setAad(aad))
                        .getPlaintext());
        AdvanceEncryptResponse advanceAfter = alibaba.advanceEncrypt(
                new AdvanceEncryptRequest().setKeyId(rotating).setPlaintext(new byte[] {1, 2, 3}));
        assertNotEquals(advanceBefore.getKeyVersionId(), advanceAfter.getKeyVersionId());
        AdvanceDecryptResponse oldAdvance = alibaba.advanceDecrypt(new AdvanceDecryptRequest()
                .setCiphertextBlob(advanceBefore.getCiphertextBlob())
                .setIv(advanceBefore.getIv()));
        assertArrayEquals(new byte[] {1, 2, 3}, oldAdvance.getPlaintext());
        assertEquals(advanceBefore.getKeyVersionId(), oldAdvance.getKeyVersionId());
        // AdvanceDecrypt also opens a plain operation's ciphertext; Decrypt does not open an Advance one.
        assertArrayEquals(
                before.getPrivateKeyPlaintext(),
                alibaba.advanceDecrypt(new AdvanceDecryptRequest()
                                .setCiphertextBlob(before.getPrivateKeyCiphertextBlob())
                                .setIv(before.getIv())
                                .setAad(aad))
                        .getPlaintext());
        TeaException advanceByDecrypt = assertThrows(
                TeaException.class,
                () -> alibaba.decrypt(new DecryptRequest()
                        .setKeyId(rotating)
                        .setCiphertextBlob(advanceAfter.getCiphertextBlob())
                        .setIv(advanceAfter.getIv())));
        assertAlibabaError(advanceByDecrypt, 400, "InvalidParameter");
    }

    @Test
    void ciphertextsOfTheTwoApisDoNotMix() throws Exception {
        var aws = keysmith.kms.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256));
        TeaException awsIntoAlibaba = assertThrows(
                TeaException.class,
                () -> alibaba.decrypt(new DecryptRequest()
                        .setKeyId(keyId)
                        .setCiphertextBlob(aws.privateKeyCiphertextBlob().asByteArray())
                        .setIv(new byte[12])));
        assertAlibabaError(awsIntoAlibaba, 400, "InvalidParameter");
        TeaException awsIntoAdvance = assertThrows(
                TeaException.class,
                () -> alibaba.advanceDecrypt(new AdvanceDecryptRequest()
                        .setCiphertextBlob(aws.privateKeyCiphertextBlob().asByteArray())
                        .setIv(new byte[12])));
        assertAlibabaError(awsIntoAdvance, 400, "InvalidParameter");

        GenerateDataKeyPairResponse ali = alibaba.generateDataKeyPair(
                new GenerateDataKeyPairRequest().setKeyId(keyId).setKeyPairSpec("EC_P256"));
        assertThrows(
                InvalidCiphertextException.class,
                () -> keysmith.kms.decrypt(
                        r -> r.ciphertextBlob(SdkBytes.fromByteArray(ali.getPrivateKeyCiphertextBlob()))));
    }

    @Test
    void badInputGetsAlibabaErrors() {
        assertAlibabaError(
                assertThrows(
                        TeaException.class,
                        () -> alibaba.generateDataKeyPair(
                                new GenerateDataKeyPairRequest().setKeyId(keyId).setKeyPairSpec("RSA_1024"))),
                400,
                "InvalidParameter");
        assertAlibabaError(
                assertThrows(
                        TeaException.class,
                        () -> alibaba.generateDataKeyPair(new GenerateDataKeyPairRequest()
                                .setKeyId(keyId)
                                .setKeyPairSpec("EC_P256")
                                .setKeyFormat("JWK"))),
                400,
                "InvalidParameter");
        assertAlibabaError(
                assertThrows(
                        TeaException.class,
                        () -> alibaba.generateDataKeyPair(new GenerateDataKeyPairRequest().setKeyPairSpec("EC_P256"))),
                400,
                "MissingParameter");
        assertAlibabaError(
                assertThrows(
                        TeaException.class,
                        () -> alibaba.generateDataKeyPair(new GenerateDataKeyPairRequest()
                                .setKeyId(UUID.randomUUID().toString())
                                .setKeyPairSpec("EC_P256"))),
                404,
                "Forbidden.KeyNotFound");
        assertAlibabaError(
                assertThrows(
                        TeaException.class,
                        () -> alibaba.encrypt(
                                new EncryptRequest().setKeyId("alias/nothing").setPlaintext(new byte[] {1}))),
                404,
                "Forbidden.AliasNotFound");
        assertAlibabaError(
                assertThrows(
                        TeaException.class,
                        () -> alibaba.encrypt(new EncryptRequest()
                                .setKeyId(keyId)
                                .setPlaintext(new byte[] {1})
                                .setAlgorithm("AES_CBC"))),
                400,
                "InvalidParameter");
        assertAlibabaError(
                assertThrows(
                        TeaException.class, () -> alibaba.generateRandom(new GenerateRandomRequest().setLength(4096))),
                400,
                "InvalidParameter");
        assertAlibabaError(
                assertThrows(
                        TeaException.class,
                        () -> alibaba.decrypt(new DecryptRequest()
                                .setKeyId(keyId)
                                .setCiphertextBlob(new byte[] {1, 2, 3})
                                .setIv(new byte[12]))),
                400,
                "InvalidParameter");
    }

    @Test
    void anotherAccountsPrincipalIsRefusedByTheKeyPolicy() throws Exception {
        Path file = clientKey(dataDir, "arn:aws:iam::111122223333:user/mallory", dir.resolve("mallory.json"));
        Client mallory = client(file);
        assertAlibabaError(
                assertThrows(
                        TeaException.class,
                        () -> mallory.generateDataKeyPair(new GenerateDataKeyPairRequest()
                                .setKeyId(keyArn)
                                .setKeyPairSpec("EC_P256"))),
                403,
                "Forbidden.NoPermission");
    }

    @Test
    void unknownRevokedAndMismatchedClientKeysAreRefused() throws Exception {
        JsonNode app = JSON.readTree(Files.readAllBytes(appKeyFile));
        GenerateRandomRequest request = new GenerateRandomRequest().setLength(8);

        Path unknown = Files.writeString(
                dir.resolve("unknown.json"),
                JSON.createObjectNode()
                        .put("KeyId", "KAAP." + UUID.randomUUID())
                        .put("PrivateKeyData", app.path("PrivateKeyData").asText())
                        .toString());
        assertAlibabaError(
                assertThrows(TeaException.class, () -> client(unknown).generateRandom(request)),
                404,
                "InvalidAccessKeyId.NotFound");

        // Another client key's id with this key's private key: the signature does not verify.
        Path other = clientKey(dataDir, APP, dir.resolve("other.json"));
        Path mismatched = Files.writeString(
                dir.resolve("mismatched.json"),
                JSON.createObjectNode()
                        .put(
                                "KeyId",
                                JSON.readTree(Files.readAllBytes(other))
                                        .path("KeyId")
                                        .asText())
                        .put("PrivateKeyData", app.path("PrivateKeyData").asText())
                        .toString());
        assertAlibabaError(
                assertThrows(TeaException.class, () -> client(mismatched).generateRandom(request)),
                400,
                "SignatureDoesNotMatch");

        Client otherClient = client(other);
        assertEquals(8, otherClient.generateRandom(request).getRandom().length);
        String otherId = JSON.readTree(Files.readAllBytes(other)).path("KeyId").asText();
        try (RunnerOutput run = new RunnerOutput(
                RunnerProcess.start("alibaba-client-key", "--data-dir", dataDir.toString(), "--revoke", otherId))) {
            assertEquals(0, run.awaitExit(), run.lines.toString());
        }
        assertAlibabaError(
                assertThrows(TeaException.class, () -> otherClient.generateRandom(request)),
                403,
                "Forbidden.AccessKey");
    }

    @Test
    void aStaleDateIsRefusedAndTheSameRequestDatedNowPasses() throws Exception {
        JsonNode app = JSON.readTree(Files.readAllBytes(appKeyFile));
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(
                new ByteArrayInputStream(
                        Base64.getDecoder().decode(app.path("PrivateKeyData").asText())),
                PASSWORD.toCharArray());
        PrivateKey signingKey = (PrivateKey) pkcs12.getKey(pkcs12.aliases().nextElement(), PASSWORD.toCharArray());
        byte[] body = ApiModels.GenerateRandomRequest.newBuilder()
                .setLength(16)
                .build()
                .toByteArray();
        HttpClient http = HttpClient.newBuilder().sslContext(trustingTheCa()).build();

        HttpResponse<byte[]> now = http.send(
                signed(app.path("KeyId").asText(), signingKey, body, ZonedDateTime.now(ZoneOffset.UTC)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, now.statusCode());
        assertEquals(
                16,
                ApiModels.GenerateRandomResponse.parseFrom(now.body())
                        .getRandom()
                        .size());

        HttpResponse<byte[]> stale = http.send(
                signed(
                        app.path("KeyId").asText(),
                        signingKey,
                        body,
                        ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(20)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(400, stale.statusCode());
        ApiModels.Error error = ApiModels.Error.parseFrom(stale.body());
        assertEquals("RequestTimeTooSkewed", error.getErrorCode());
        assertEquals(400, error.getStatusCode());

        HttpResponse<byte[]> garbage = http.send(
                signed(
                        app.path("KeyId").asText(),
                        signingKey,
                        new byte[] {(byte) 0xff, 0x01},
                        ZonedDateTime.now(ZoneOffset.UTC)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(400, garbage.statusCode());
    }

    @Test
    void maxConcurrentOneAnswersThrottling() throws Exception {
        Path otherData = dir.resolve("throttled");
        Path file = clientKey(otherData, APP, dir.resolve("throttled.json"));
        try (LocalKeysmith throttled =
                LocalKeysmith.onDisk(otherData, "--alibaba-port", "0", "--alibaba-max-concurrent", "1")) {
            String key = throttled
                    .kms
                    .createKey(r -> r.description("t"))
                    .keyMetadata()
                    .keyId();
            // Generous timeouts: RSA_4096 on a busy machine must end in an answer, not a client-side timeout.
            Client client = new Client(new Config()
                    .setProtocol("https")
                    .setEndpoint("127.0.0.1:" + alibabaPort(throttled))
                    .setClientKeyFile(file.toString())
                    .setPassword(PASSWORD)
                    .setCaFilePath(otherData.resolve("alibaba/ca.pem").toString())
                    .setReadTimeout(120_000)
                    .setConnectTimeout(60_000));
            RuntimeOptions noRetry = new RuntimeOptions().setAutoretry(false);
            int callers = 12;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        client.generateDataKeyPairWithOptions(
                                new GenerateDataKeyPairRequest().setKeyId(key).setKeyPairSpec("RSA_4096"), noRetry);
                        return "ok";
                    } catch (TeaUnretryableException e) {
                        // The SDK counts Rejected.Throttling as retryable: with retries off it hands over the last
                        // attempt's error as the cause.
                        return outcome(e.getCause());
                    } catch (RuntimeException e) {
                        return outcome(e);
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get());
            }
            pool.shutdown();
            assertTrue(results.contains("ok"), results.toString());
            assertTrue(results.contains("Rejected.Throttling/429"), results.toString());
            assertTrue(
                    results.stream().allMatch(r -> r.equals("ok") || r.equals("Rejected.Throttling/429")),
                    results.toString());
        }
    }

    // ---- helpers ----

    /** {@code code/httpCode} of an Alibaba error, or the exception itself for anything else. */
    private static String outcome(Throwable e) {
        if (e instanceof TeaException tea && tea.getData() != null) {
            return tea.getCode() + "/" + tea.getData().get("httpCode");
        }
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        return trace.toString();
    }

    /** Runs {@code alibaba-client-key} as a user would; returns the ClientKey file. */
    private static Path clientKey(Path data, String arn, Path out) throws Exception {
        try (RunnerOutput run = new RunnerOutput(RunnerProcess.start(
                "alibaba-client-key",
                "--data-dir",
                data.toString(),
                "--arn",
                arn,
                "--password",
                PASSWORD,
                "--out",
                out.toString()))) {
            assertEquals(0, run.awaitExit(), run.lines.toString());
        }
        return out;
    }

    private static int alibabaPort(LocalKeysmith runner) {
        Matcher m = ALIBABA_LISTENING.matcher(runner.output());
        assertTrue(m.find(), runner.output());
        return Integer.parseInt(m.group(1));
    }

    /** Exactly as an application configures the SDK: endpoint, client key file and password, CA. */
    private static Client client(Path clientKeyFile) throws Exception {
        return new Client(new Config()
                .setProtocol("https")
                .setEndpoint("127.0.0.1:" + port)
                .setClientKeyFile(clientKeyFile.toString())
                .setPassword(PASSWORD)
                .setCaFilePath(dataDir.resolve("alibaba/ca.pem").toString()));
    }

    private static void assertAlibabaError(TeaException e, int status, String code) {
        assertEquals(code, e.getCode(), e.getMessage());
        assertEquals(status, ((Map<?, ?>) e.getData()).get("httpCode"), e.getMessage());
    }

    /** The public key parses with the JDK and with BouncyCastle, and the private key signs what it verifies. */
    private static void checkPair(String spec, String format, byte[] publicBytes, byte[] privateBytes)
            throws Exception {
        byte[] spki;
        byte[] pkcs8;
        if (format.equals("PEM")) {
            String publicPem = new String(publicBytes, StandardCharsets.US_ASCII);
            String privatePem = new String(privateBytes, StandardCharsets.US_ASCII);
            assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----"), publicPem);
            assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"));
            try (PEMParser parser = new PEMParser(new StringReader(publicPem))) {
                spki = ((SubjectPublicKeyInfo) parser.readObject()).getEncoded();
            }
            try (PEMParser parser = new PEMParser(new StringReader(privatePem))) {
                pkcs8 = ((PrivateKeyInfo) parser.readObject()).getEncoded();
            }
            assertArrayEquals(spki, jdkPemBody(publicPem));
            assertArrayEquals(pkcs8, jdkPemBody(privatePem));
        } else {
            spki = publicBytes;
            pkcs8 = privateBytes;
        }
        boolean rsa = spec.startsWith("RSA");
        String algorithm = rsa ? "RSA" : "EC";
        // BouncyCastle's lightweight API parses every spec.
        PublicKeyFactory.createKey(spki);
        PrivateKeyFactory.createKey(pkcs8);
        // The JDK parses all but secp256k1, which it no longer ships.
        Provider provider =
                spec.equals("EC_P256K") ? BC : KeyFactory.getInstance(algorithm).getProvider();
        PublicKey publicKey = KeyFactory.getInstance(algorithm, provider).generatePublic(new X509EncodedKeySpec(spki));
        PrivateKey privateKey =
                KeyFactory.getInstance(algorithm, provider).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        if (rsa) {
            int bits = Integer.parseInt(spec.substring(4));
            assertEquals(bits, ((RSAPublicKey) publicKey).getModulus().bitLength());
            assertEquals(((RSAPublicKey) publicKey).getModulus(), ((RSAPrivateCrtKey) privateKey).getModulus());
        }
        byte[] message = MessageDigest.getInstance("SHA-256").digest(spki);
        String signatureAlgorithm = rsa ? "SHA256withRSA" : "SHA256withECDSA";
        Signature signer = Signature.getInstance(signatureAlgorithm, provider);
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signatureAlgorithm, BC);
        verifier.initVerify(KeyFactory.getInstance(algorithm, BC).generatePublic(new X509EncodedKeySpec(spki)));
        verifier.update(message);
        assertTrue(verifier.verify(signature), spec + " " + format + ": the private key does not match the public key");
    }

    private static byte[] jdkPemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static SSLContext trustingTheCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
                "ca",
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(Files.newInputStream(dataDir.resolve("alibaba/ca.pem"))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A GenerateRandom request signed as the SDK signs, dated {@code date}. */
    private static HttpRequest signed(String accessKeyId, PrivateKey key, byte[] body, ZonedDateTime date)
            throws Exception {
        String contentSha256 = HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        String dateText = DateTimeFormatter.RFC_1123_DATE_TIME.format(date);
        Map<String, String> kms = new TreeMap<>(Map.of(
                "x-kms-apiversion", "dkms-gcs-0.2",
                "x-kms-apiname", "GenerateRandom",
                "x-kms-signaturemethod", "RSA_PKCS1_SHA_256",
                "x-kms-acccesskeyid", accessKeyId));
        StringBuilder toSign =
                new StringBuilder("POST\n" + contentSha256 + "\napplication/x-protobuf\n" + dateText + "\n");
        kms.forEach(
                (name, value) -> toSign.append(name).append(':').append(value).append('\n'));
        toSign.append('/');
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(toSign.toString().getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                .header("Content-Type", "application/x-protobuf")
                .header("Accept", "application/x-protobuf")
                .header("Date", dateText)
                .header("Content-Sha256", contentSha256)
                .header("Authorization", "Bearer " + Base64.getEncoder().encodeToString(signer.sign()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        kms.forEach(request::header);
        return request.build();
    }
}
