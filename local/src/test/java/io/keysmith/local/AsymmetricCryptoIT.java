package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.enclave.TestEnclave;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DeriveSharedSecretResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.RecipientInfo;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;

/**
 * Asymmetric Encrypt/Decrypt/ReEncrypt, GenerateMac/VerifyMac and DeriveSharedSecret through the AWS SDK KmsClient
 * against the local runner. Ciphertexts and shared secrets made outside Keysmith need the key's public key, which
 * GetPublicKey gives: those tests skip themselves while the runner answers GetPublicKey with
 * UnsupportedOperationException.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsymmetricCryptoIT {
    private static final byte[] MESSAGE = "test message 123 !%$@ 1234567890".getBytes(StandardCharsets.UTF_8);

    private final TestEnclave enclave = new TestEnclave();
    private LocalKeysmith keysmith;
    private KmsClient kms;

    @BeforeAll
    void start() throws Exception {
        Path anchor = Files.writeString(Files.createTempFile("nitro-test-root", ".pem"), enclave.rootPem());
        keysmith = LocalKeysmith.inMemory("--enclave-trust-anchor", anchor.toString());
        kms = keysmith.kms;
    }

    @AfterAll
    void stop() {
        keysmith.close();
    }

    // ---- Encrypt and Decrypt with RSA and SM2 keys

    @ParameterizedTest
    @CsvSource({
        "RSA_2048, RSAES_OAEP_SHA_1, 256",
        "RSA_2048, RSAES_OAEP_SHA_256, 256",
        "RSA_3072, RSAES_OAEP_SHA_1, 384",
        "RSA_3072, RSAES_OAEP_SHA_256, 384",
        "RSA_4096, RSAES_OAEP_SHA_1, 512",
        "RSA_4096, RSAES_OAEP_SHA_256, 512",
        "SM2, SM2PKE, 0"
    })
    void encryptThenDecryptRoundTrips(String spec, String algorithm, int ciphertextLength) {
        KeyMetadata key = key(spec, "ENCRYPT_DECRYPT");
        EncryptResponse encrypted = kms.encrypt(r ->
                r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(MESSAGE)).encryptionAlgorithm(algorithm));
        assertEquals(key.arn(), encrypted.keyId());
        assertEquals(algorithm, encrypted.encryptionAlgorithmAsString());
        if (ciphertextLength > 0) {
            assertEquals(ciphertextLength, encrypted.ciphertextBlob().asByteArray().length);
        }
        DecryptResponse decrypted = kms.decrypt(r ->
                r.keyId(key.keyId()).ciphertextBlob(encrypted.ciphertextBlob()).encryptionAlgorithm(algorithm));
        assertArrayEquals(MESSAGE, decrypted.plaintext().asByteArray());
        assertEquals(key.arn(), decrypted.keyId());
        assertEquals(algorithm, decrypted.encryptionAlgorithmAsString());
        assertNull(decrypted.keyMaterialId());
    }

    @ParameterizedTest
    @CsvSource({"RSA_2048, RSAES_OAEP_SHA_1", "RSA_3072, RSAES_OAEP_SHA_256", "RSA_4096, RSAES_OAEP_SHA_256"})
    void rsaCiphertextMadeOutsideWithThePublicKeyDecrypts(String spec, String algorithm) throws Exception {
        KeyMetadata key = key(spec, "ENCRYPT_DECRYPT");
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyOf(key)));
        String hash = algorithm.endsWith("SHA_1") ? "SHA-1" : "SHA-256";
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(
                Cipher.ENCRYPT_MODE,
                publicKey,
                new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT));
        byte[] ciphertext = cipher.doFinal(MESSAGE);
        assertArrayEquals(
                MESSAGE,
                kms.decrypt(r -> r.keyId(key.arn())
                                .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                                .encryptionAlgorithm(algorithm))
                        .plaintext()
                        .asByteArray());
    }

    @Test
    void sm2CiphertextMadeOutsideInGmt0009FormDecrypts() throws Exception {
        KeyMetadata key = key("SM2", "ENCRYPT_DECRYPT");
        ECPublicKeyParameters publicKey = (ECPublicKeyParameters) PublicKeyFactory.createKey(publicKeyOf(key));
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(publicKey, new java.security.SecureRandom()));
        byte[] raw = engine.processBlock(MESSAGE, 0, MESSAGE.length);
        byte[] der = new DERSequence(new ASN1Encodable[] {
                    new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33))),
                    new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 33, 65))),
                    new DEROctetString(Arrays.copyOfRange(raw, 65, 97)),
                    new DEROctetString(Arrays.copyOfRange(raw, 97, raw.length))
                })
                .getEncoded();
        assertArrayEquals(
                MESSAGE,
                kms.decrypt(r -> r.keyId(key.keyId())
                                .ciphertextBlob(SdkBytes.fromByteArray(der))
                                .encryptionAlgorithm("SM2PKE"))
                        .plaintext()
                        .asByteArray());
    }

    @Test
    void asymmetricRequestsAreCheckedAsAwsChecksThem() {
        KeyMetadata key = key("RSA_2048", "ENCRYPT_DECRYPT");
        KmsException tooLong = failsWith(
                "ValidationException",
                () -> kms.encrypt(r -> r.keyId(key.keyId())
                        .plaintext(SdkBytes.fromByteArray(new byte[191]))
                        .encryptionAlgorithm("RSAES_OAEP_SHA_256")));
        assertEquals(
                "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.",
                tooLong.awsErrorDetails().errorMessage());
        KmsException noAlgorithm = assertThrows(
                InvalidKeyUsageException.class,
                () -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(MESSAGE))));
        assertEquals(
                "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.",
                noAlgorithm.awsErrorDetails().errorMessage());
        KmsException context = failsWith(
                "ValidationException",
                () -> kms.encrypt(r -> r.keyId(key.keyId())
                        .plaintext(SdkBytes.fromByteArray(MESSAGE))
                        .encryptionAlgorithm("RSAES_OAEP_SHA_1")
                        .encryptionContext(Map.of("a", "b"))));
        assertEquals(
                "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.",
                context.awsErrorDetails().errorMessage());

        SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key.keyId())
                        .plaintext(SdkBytes.fromByteArray(MESSAGE))
                        .encryptionAlgorithm("RSAES_OAEP_SHA_1"))
                .ciphertextBlob();
        assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(ciphertext)));
        assertThrows(
                InvalidKeyUsageException.class,
                () -> kms.decrypt(r -> r.keyId(key.keyId()).ciphertextBlob(ciphertext)));
        assertThrows(
                InvalidCiphertextException.class,
                () -> kms.decrypt(r ->
                        r.keyId(key.keyId()).ciphertextBlob(ciphertext).encryptionAlgorithm("RSAES_OAEP_SHA_256")));
        byte[] tampered = ciphertext.asByteArray();
        tampered[10] ^= 1;
        assertThrows(
                InvalidCiphertextException.class,
                () -> kms.decrypt(r -> r.keyId(key.keyId())
                        .ciphertextBlob(SdkBytes.fromByteArray(tampered))
                        .encryptionAlgorithm("RSAES_OAEP_SHA_1")));
        assertThrows(
                DryRunOperationException.class,
                () -> kms.decrypt(r -> r.keyId(key.keyId())
                        .ciphertextBlob(ciphertext)
                        .encryptionAlgorithm("RSAES_OAEP_SHA_1")
                        .dryRun(true)));

        KeyMetadata signing = key("RSA_2048", "SIGN_VERIFY");
        KmsException usage = assertThrows(
                InvalidKeyUsageException.class,
                () -> kms.encrypt(r -> r.keyId(signing.keyId())
                        .plaintext(SdkBytes.fromByteArray(MESSAGE))
                        .encryptionAlgorithm("RSAES_OAEP_SHA_256")));
        assertEquals(
                signing.arn() + " key usage is SIGN_VERIFY which is not valid for Encrypt.",
                usage.awsErrorDetails().errorMessage());
        kms.disableKey(r -> r.keyId(key.keyId()));
        assertThrows(
                DisabledException.class,
                () -> kms.decrypt(
                        r -> r.keyId(key.keyId()).ciphertextBlob(ciphertext).encryptionAlgorithm("RSAES_OAEP_SHA_1")));
    }

    @Test
    void reEncryptBetweenRsaSm2AndSymmetricKeys() {
        KeyMetadata rsa = key("RSA_3072", "ENCRYPT_DECRYPT");
        KeyMetadata sm2 = key("SM2", "ENCRYPT_DECRYPT");
        KeyMetadata symmetric = kms.createKey(r -> r.description("symmetric")).keyMetadata();
        SdkBytes fromRsa = kms.encrypt(r -> r.keyId(rsa.keyId())
                        .plaintext(SdkBytes.fromByteArray(MESSAGE))
                        .encryptionAlgorithm("RSAES_OAEP_SHA_256"))
                .ciphertextBlob();
        ReEncryptResponse toSm2 = kms.reEncrypt(r -> r.ciphertextBlob(fromRsa)
                .sourceKeyId(rsa.keyId())
                .sourceEncryptionAlgorithm("RSAES_OAEP_SHA_256")
                .destinationKeyId(sm2.keyId())
                .destinationEncryptionAlgorithm("SM2PKE"));
        assertEquals(rsa.arn(), toSm2.sourceKeyId());
        assertEquals(sm2.arn(), toSm2.keyId());
        assertEquals("RSAES_OAEP_SHA_256", toSm2.sourceEncryptionAlgorithmAsString());
        assertEquals("SM2PKE", toSm2.destinationEncryptionAlgorithmAsString());
        ReEncryptResponse toSymmetric = kms.reEncrypt(r -> r.ciphertextBlob(toSm2.ciphertextBlob())
                .sourceKeyId(sm2.arn())
                .sourceEncryptionAlgorithm("SM2PKE")
                .destinationKeyId(symmetric.keyId())
                .destinationEncryptionContext(Map.of("k", "v")));
        assertEquals(symmetric.currentKeyMaterialId(), toSymmetric.destinationKeyMaterialId());
        assertArrayEquals(
                MESSAGE,
                kms.decrypt(r -> r.ciphertextBlob(toSymmetric.ciphertextBlob()).encryptionContext(Map.of("k", "v")))
                        .plaintext()
                        .asByteArray());
    }

    @Test
    void encryptionAlgorithmIsAPolicyConditionKey() {
        KeyMetadata key = key("RSA_2048", "ENCRYPT_DECRYPT");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"NoSha1\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Encrypt\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:EncryptionAlgorithm\":\"RSAES_OAEP_SHA_1\"}}}]}";
        kms.putKeyPolicy(r -> r.keyId(key.keyId()).policyName("default").policy(policy));
        failsWith(
                "AccessDeniedException",
                () -> kms.encrypt(r -> r.keyId(key.keyId())
                        .plaintext(SdkBytes.fromByteArray(MESSAGE))
                        .encryptionAlgorithm("RSAES_OAEP_SHA_1")));
        assertEquals(
                "RSAES_OAEP_SHA_256",
                kms.encrypt(r -> r.keyId(key.keyId())
                                .plaintext(SdkBytes.fromByteArray(MESSAGE))
                                .encryptionAlgorithm("RSAES_OAEP_SHA_256"))
                        .encryptionAlgorithmAsString());
    }

    // ---- GenerateMac and VerifyMac

    @ParameterizedTest
    @CsvSource({
        "HMAC_224, HMAC_SHA_224, 28",
        "HMAC_256, HMAC_SHA_256, 32",
        "HMAC_384, HMAC_SHA_384, 48",
        "HMAC_512, HMAC_SHA_512, 64"
    })
    void generatedMacsVerifyAndTamperedOnesDoNot(String spec, String algorithm, int length) {
        KeyMetadata key = key(spec, "GENERATE_VERIFY_MAC");
        GenerateMacResponse mac = kms.generateMac(r ->
                r.keyId(key.keyId()).message(SdkBytes.fromByteArray(MESSAGE)).macAlgorithm(algorithm));
        assertEquals(key.arn(), mac.keyId());
        assertEquals(algorithm, mac.macAlgorithmAsString());
        assertEquals(length, mac.mac().asByteArray().length);
        assertArrayEquals(
                mac.mac().asByteArray(),
                kms.generateMac(r -> r.keyId(key.arn())
                                .message(SdkBytes.fromByteArray(MESSAGE))
                                .macAlgorithm(algorithm))
                        .mac()
                        .asByteArray());
        VerifyMacResponse verified = kms.verifyMac(r -> r.keyId(key.keyId())
                .message(SdkBytes.fromByteArray(MESSAGE))
                .macAlgorithm(algorithm)
                .mac(mac.mac()));
        assertTrue(verified.macValid());
        assertEquals(key.arn(), verified.keyId());

        byte[] tampered = mac.mac().asByteArray();
        tampered[tampered.length - 1] ^= 1;
        KmsException invalid = assertThrows(
                KmsInvalidMacException.class,
                () -> kms.verifyMac(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .macAlgorithm(algorithm)
                        .mac(SdkBytes.fromByteArray(tampered))));
        assertEquals(400, invalid.statusCode());
        assertThrows(
                KmsInvalidMacException.class,
                () -> kms.verifyMac(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromUtf8String("another message"))
                        .macAlgorithm(algorithm)
                        .mac(mac.mac())));
    }

    @Test
    void macKeysAreCheckedAsAwsChecksThem() {
        KeyMetadata key = key("HMAC_224", "GENERATE_VERIFY_MAC");
        KmsException wrongAlgorithm = assertThrows(
                InvalidKeyUsageException.class,
                () -> kms.generateMac(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .macAlgorithm("HMAC_SHA_256")));
        assertEquals(
                "Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.",
                wrongAlgorithm.awsErrorDetails().errorMessage());
        assertThrows(
                DryRunOperationException.class,
                () -> kms.generateMac(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .macAlgorithm("HMAC_SHA_224")
                        .dryRun(true)));
        KeyMetadata symmetric =
                kms.createKey(r -> r.description("not for macs")).keyMetadata();
        KmsException usage = assertThrows(
                InvalidKeyUsageException.class,
                () -> kms.generateMac(r -> r.keyId(symmetric.keyId())
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .macAlgorithm("HMAC_SHA_224")));
        assertEquals(
                symmetric.arn() + " key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.",
                usage.awsErrorDetails().errorMessage());
        failsWith(
                "ValidationException",
                () -> kms.generateMac(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(new byte[4097]))
                        .macAlgorithm("HMAC_SHA_224")));
        kms.disableKey(r -> r.keyId(key.keyId()));
        assertThrows(
                DisabledException.class,
                () -> kms.generateMac(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .macAlgorithm("HMAC_SHA_224")));
    }

    // ---- DeriveSharedSecret

    @ParameterizedTest
    @ValueSource(strings = {"ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "SM2"})
    void sharedSecretMatchesALocalKeyAgreement(String spec) throws Exception {
        KeyMetadata key = key(spec, "KEY_AGREEMENT");
        boolean sm2 = spec.equals("SM2");
        KeyPair mine = localPair(spec);
        DeriveSharedSecretResponse derived =
                derive(key.keyId(), mine.getPublic().getEncoded(), r -> {});
        assertEquals(key.arn(), derived.keyId());
        assertEquals("ECDH", derived.keyAgreementAlgorithmAsString());
        assertEquals("AWS_KMS", derived.keyOriginAsString());
        assertArrayEquals(
                derived.sharedSecret().asByteArray(),
                derive(key.keyId(), mine.getPublic().getEncoded(), r -> {})
                        .sharedSecret()
                        .asByteArray());

        KeyFactory factory =
                sm2 ? KeyFactory.getInstance("EC", DataKeyPairSpec.bouncyCastle()) : KeyFactory.getInstance("EC");
        PublicKey theirs = factory.generatePublic(new X509EncodedKeySpec(publicKeyOf(key)));
        KeyAgreement local = sm2
                ? KeyAgreement.getInstance("ECDH", DataKeyPairSpec.bouncyCastle())
                : KeyAgreement.getInstance("ECDH");
        local.init(mine.getPrivate());
        local.doPhase(theirs, true);
        assertArrayEquals(local.generateSecret(), derived.sharedSecret().asByteArray());
    }

    @Test
    void sharedSecretGoesOnlyToAnAttestedEnclaveWithARecipient() throws Exception {
        KeyMetadata key = key("ECC_NIST_P256", "KEY_AGREEMENT");
        byte[] peer = localPair("ECC_NIST_P256").getPublic().getEncoded();
        byte[] plain = derive(key.keyId(), peer, r -> {}).sharedSecret().asByteArray();
        byte[] document = TestEnclave.encode(enclave.document());
        DeriveSharedSecretResponse forEnclave = derive(
                key.keyId(),
                peer,
                r -> r.recipient(RecipientInfo.builder()
                        .keyEncryptionAlgorithm("RSAES_OAEP_SHA_256")
                        .attestationDocument(SdkBytes.fromByteArray(document))
                        .build()));
        assertNull(forEnclave.sharedSecret());
        RecipientInformation recipient = new CMSEnvelopedData(
                        forEnclave.ciphertextForRecipient().asByteArray())
                .getRecipientInfos()
                .getRecipients()
                .iterator()
                .next();
        byte[] opened = recipient.getContent(new JceKeyTransEnvelopedRecipient(enclave.enclaveKeys.getPrivate())
                .setProvider(DataKeyPairSpec.bouncyCastle()));
        assertArrayEquals(plain, opened);
        assertEquals(32, opened.length);
    }

    @Test
    void peerKeysAndKeyUsageAreCheckedAsAwsChecksThem() throws Exception {
        KeyMetadata key = key("ECC_NIST_P256", "KEY_AGREEMENT");
        for (byte[] bad : List.of(
                "InvalidPublicKey".getBytes(StandardCharsets.US_ASCII),
                localPair("ECC_NIST_P384").getPublic().getEncoded(),
                KeyPairGenerator.getInstance("RSA")
                        .generateKeyPair()
                        .getPublic()
                        .getEncoded())) {
            KmsException e = failsWith("ValidationException", () -> derive(key.keyId(), bad, r -> {}));
            assertEquals(400, e.statusCode());
        }
        KeyMetadata signing = key("ECC_NIST_P256", "SIGN_VERIFY");
        byte[] peer = localPair("ECC_NIST_P256").getPublic().getEncoded();
        KmsException usage = assertThrows(InvalidKeyUsageException.class, () -> derive(signing.keyId(), peer, r -> {}));
        assertEquals(
                signing.arn() + " key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.",
                usage.awsErrorDetails().errorMessage());
        assertThrows(DryRunOperationException.class, () -> derive(key.keyId(), peer, r -> r.dryRun(true)));
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"NoEcdh\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:DeriveSharedSecret\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:KeyAgreementAlgorithm\":\"ECDH\"}}}]}";
        kms.putKeyPolicy(r -> r.keyId(key.keyId()).policyName("default").policy(policy));
        failsWith("AccessDeniedException", () -> derive(key.keyId(), peer, r -> {}));
    }

    private DeriveSharedSecretResponse derive(
            String keyId,
            byte[] peer,
            Consumer<software.amazon.awssdk.services.kms.model.DeriveSharedSecretRequest.Builder> more) {
        return kms.deriveSharedSecret(r -> {
            r.keyId(keyId).keyAgreementAlgorithm("ECDH").publicKey(SdkBytes.fromByteArray(peer));
            more.accept(r);
        });
    }

    /** An error the SDK has no class for (ValidationException, AccessDeniedException), by its code. */
    private static KmsException failsWith(String code, org.junit.jupiter.api.function.Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        assertEquals(code, e.awsErrorDetails().errorCode());
        return e;
    }

    private KeyMetadata key(String spec, String usage) {
        return kms.createKey(r -> r.keySpec(spec).keyUsage(usage)).keyMetadata();
    }

    /** The key's public key from GetPublicKey; the test is skipped while Keysmith does not implement it. */
    private byte[] publicKeyOf(KeyMetadata key) {
        try {
            return kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray();
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("GetPublicKey is not implemented in this build: " + e.getMessage());
            throw e;
        }
    }

    private static KeyPair localPair(String spec) throws Exception {
        boolean sm2 = spec.equals("SM2");
        String curve = switch (spec) {
            case "ECC_NIST_P256" -> "secp256r1";
            case "ECC_NIST_P384" -> "secp384r1";
            case "ECC_NIST_P521" -> "secp521r1";
            default -> "sm2p256v1";
        };
        KeyPairGenerator generator = sm2
                ? KeyPairGenerator.getInstance("EC", DataKeyPairSpec.bouncyCastle())
                : KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }
}
