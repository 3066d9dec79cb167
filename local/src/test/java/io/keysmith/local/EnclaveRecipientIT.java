package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.KeyPairChecks;
import io.keysmith.enclave.TestEnclave;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.RecipientInfo.Builder;

/** GenerateDataKeyPair and Decrypt with a Recipient, through the AWS SDK KmsClient against the local runner. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnclaveRecipientIT {
    private final TestEnclave enclave = new TestEnclave();
    private LocalKeysmith keysmith;
    private KmsClient kms;
    private String keyId;

    @TempDir
    Path work;

    @BeforeAll
    void start() throws Exception {
        Path anchor = Files.writeString(Files.createTempFile("nitro-test-root", ".pem"), enclave.rootPem());
        keysmith = LocalKeysmith.inMemory("--enclave-trust-anchor", anchor.toString());
        kms = keysmith.kms;
        keyId = kms.createKey(r -> r.description("enclave")).keyMetadata().keyId();
    }

    @AfterAll
    void stop() {
        keysmith.close();
    }

    private static Consumer<Builder> recipient(byte[] document) {
        return r ->
                r.keyEncryptionAlgorithm("RSAES_OAEP_SHA_256").attestationDocument(SdkBytes.fromByteArray(document));
    }

    private byte[] openEnvelope(SdkBytes cms) throws Exception {
        CMSEnvelopedData envelope = new CMSEnvelopedData(cms.asByteArray());
        Collection<RecipientInformation> recipients =
                envelope.getRecipientInfos().getRecipients();
        assertEquals(1, recipients.size());
        return recipients
                .iterator()
                .next()
                .getContent(new JceKeyTransEnvelopedRecipient(enclave.enclaveKeys.getPrivate())
                        .setProvider(DataKeyPairSpec.bouncyCastle()));
    }

    /** The form the Nitro Enclaves SDK parses, field by field. */
    private static void assertNitroEnvelopeForm(byte[] cms) {
        ContentInfo info = ContentInfo.getInstance(cms);
        assertEquals(PKCSObjectIdentifiers.envelopedData, info.getContentType());
        EnvelopedData enveloped = EnvelopedData.getInstance(info.getContent());
        assertEquals(2, enveloped.getVersion().intValueExact());
        assertEquals(1, enveloped.getRecipientInfos().size());
        KeyTransRecipientInfo ktri = KeyTransRecipientInfo.getInstance(
                RecipientInfo.getInstance(enveloped.getRecipientInfos().getObjectAt(0))
                        .getInfo());
        assertEquals(2, ktri.getVersion().intValueExact());
        assertTrue(
                ktri.getRecipientIdentifier().getId() instanceof org.bouncycastle.asn1.ASN1OctetString,
                "subjectKeyIdentifier");
        assertEquals(
                PKCSObjectIdentifiers.id_RSAES_OAEP,
                ktri.getKeyEncryptionAlgorithm().getAlgorithm());
        RSAESOAEPparams oaep =
                RSAESOAEPparams.getInstance(ktri.getKeyEncryptionAlgorithm().getParameters());
        assertEquals(NISTObjectIdentifiers.id_sha256, oaep.getHashAlgorithm().getAlgorithm());
        assertEquals(PKCSObjectIdentifiers.id_mgf1, oaep.getMaskGenAlgorithm().getAlgorithm());
        assertEquals(
                NISTObjectIdentifiers.id_sha256,
                ASN1Sequence.getInstance(oaep.getMaskGenAlgorithm().getParameters())
                        .getObjectAt(0));
        assertEquals(
                NISTObjectIdentifiers.id_aes256_CBC,
                enveloped
                        .getEncryptedContentInfo()
                        .getContentEncryptionAlgorithm()
                        .getAlgorithm());
    }

    /** Real Nitro documents are untagged COSE_Sign1 arrays; tagged ones (CBOR tag 18) are accepted too. */
    @ParameterizedTest(name = "tag {0}")
    @NullSource
    @ValueSource(ints = 18)
    void generateDataKeyPairEncryptsThePrivateKeyToTheEnclave(Integer tag) throws Exception {
        byte[] document = document(d -> d.tag = tag);
        GenerateDataKeyPairResponse pair = kms.generateDataKeyPair(
                r -> r.keyId(keyId).keyPairSpec("ECC_NIST_P256").recipient(recipient(document)));
        assertTrue(
                pair.privateKeyPlaintext() == null || pair.privateKeyPlaintext().asByteArray().length == 0);
        assertNitroEnvelopeForm(pair.ciphertextForRecipient().asByteArray());
        byte[] fromEnvelope = openEnvelope(pair.ciphertextForRecipient());
        byte[] fromBlob = kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()))
                .plaintext()
                .asByteArray();
        assertArrayEquals(fromBlob, fromEnvelope);
        KeyPairChecks.assertPairWorks(
                DataKeyPairSpec.ECC_NIST_P256, pair.publicKey().asByteArray(), fromEnvelope);
    }

    @ParameterizedTest(name = "tag {0}")
    @NullSource
    @ValueSource(ints = 18)
    void decryptWithARecipientGivesTheEnclaveTheBlobsPlaintext(Integer tag) throws Exception {
        GenerateDataKeyPairResponse pair =
                kms.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec("RSA_2048"));
        byte[] document = document(d -> d.tag = tag);
        DecryptResponse decrypted = kms.decrypt(
                r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()).recipient(recipient(document)));
        assertNull(decrypted.plaintext());
        assertNitroEnvelopeForm(decrypted.ciphertextForRecipient().asByteArray());
        assertArrayEquals(pair.privateKeyPlaintext().asByteArray(), openEnvelope(decrypted.ciphertextForRecipient()));
    }

    @ParameterizedTest(name = "tag {0}")
    @NullSource
    @ValueSource(ints = 18)
    void opensslOpensTheEnvelopeToo(Integer tag) throws Exception {
        // Given: a data key pair made for an enclave's attestation document
        byte[] document = document(d -> d.tag = tag);
        GenerateDataKeyPairResponse pair =
                kms.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec("SM2").recipient(recipient(document)));
        // When: openssl opens the envelope with the enclave's private key
        Path envelope = Files.write(
                work.resolve("envelope-" + tag + ".der"),
                pair.ciphertextForRecipient().asByteArray());
        Path key = Files.writeString(work.resolve("enclave.pem"), enclave.enclavePrivateKeyPem());
        Path out = work.resolve("private-key-" + tag + ".der");
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "cms",
                        "-decrypt",
                        "-inform",
                        "DER",
                        "-in",
                        envelope.toString(),
                        "-inkey",
                        key.toString(),
                        "-out",
                        out.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Then: it finds the private key the pair's blob holds
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, openssl.exitValue(), output);
        byte[] fromBlob = kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()))
                .plaintext()
                .asByteArray();
        assertArrayEquals(fromBlob, Files.readAllBytes(out));
    }

    /** The test enclave's documents begin as a Nitro Security Module's do: an untagged array, then {1: -35}. */
    @Test
    void untaggedDocumentsStartAsRealOnesDo() {
        assertEquals("8444a1013822", HexFormat.of().formatHex(Arrays.copyOf(uncheckedDocument(), 6)));
    }

    private byte[] uncheckedDocument() {
        try {
            return TestEnclave.encode(enclave.document());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRejected(byte[] document, String algorithm, String messagePart) {
        String materialBefore =
                kms.describeKey(r -> r.keyId(keyId)).keyMetadata().currentKeyMaterialId();
        int keysBefore = kms.listKeys(r -> r.limit(1000)).keys().size();
        KmsException e = assertThrows(
                KmsException.class,
                () -> kms.generateDataKeyPair(r -> r.keyId(keyId)
                        .keyPairSpec("ECC_NIST_P256")
                        .recipient(x -> x.keyEncryptionAlgorithm(algorithm)
                                .attestationDocument(SdkBytes.fromByteArray(document)))));
        assertEquals(400, e.statusCode());
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(
                e.awsErrorDetails().errorMessage().contains(messagePart),
                e.awsErrorDetails().errorMessage());
        assertEquals(
                materialBefore,
                kms.describeKey(r -> r.keyId(keyId)).keyMetadata().currentKeyMaterialId());
        assertEquals(keysBefore, kms.listKeys(r -> r.limit(1000)).keys().size());
    }

    private byte[] document(Consumer<TestEnclave.Document> change) throws Exception {
        TestEnclave.Document d = enclave.document();
        change.accept(d);
        return TestEnclave.encode(d);
    }

    @Test
    void badDocumentsAreRejectedBeforeAnythingIsGenerated() throws Exception {
        // A table of cases: each bad document or algorithm is refused with its reason, and nothing is generated
        String ok = "RSAES_OAEP_SHA_256";
        assertRejected(document(d -> d.corruptSignature = true), ok, "its signature does not verify");
        TestEnclave stranger = new TestEnclave();
        assertRejected(
                document(d -> {
                    d.certificate = stranger.leaf;
                    d.signer = stranger.leafKeys.getPrivate();
                    d.cabundle = List.of(stranger.root, stranger.intermediate);
                }),
                ok,
                "its certificate chain does not lead to the trusted root");
        X509Certificate expired = enclave.leafCertificate(
                Instant.now().minus(Duration.ofHours(5)), Instant.now().minus(Duration.ofHours(2)));
        assertRejected(document(d -> d.certificate = expired), ok, "expired or not yet valid");
        assertRejected(document(d -> d.algorithm = -7), ok, "it is not signed with ES384");
        assertRejected(document(d -> d.publicKey = null), ok, "it has no public_key");
        assertRejected(
                document(
                        d -> d.publicKey = TestEnclave.rsaKeys(1024).getPublic().getEncoded()),
                ok,
                "1024 bits; 2048 or more are required");
        assertRejected(
                document(d -> d.publicKey = TestEnclave.ecKeys().getPublic().getEncoded()),
                ok,
                "not an RSA SubjectPublicKeyInfo");
        assertRejected(document(d -> d.digest = "SHA256"), ok, "its digest is not SHA384");
        assertRejected(document(d -> d.tag = 24), ok, "it is not a COSE_Sign1 structure");
        byte[] whole = uncheckedDocument();
        assertRejected(Arrays.copyOf(whole, whole.length / 2), ok, "not well-formed CBOR");
        assertRejected(Arrays.copyOf(whole, whole.length + 1), ok, "bytes after the COSE_Sign1");
        assertRejected(new byte[262_145], ok, "Member must have length less than or equal to 262144");
        assertRejected(whole, "RSAES_OAEP_SHA_1", "Member must satisfy enum value set: [RSAES_OAEP_SHA_256]");
    }
}
