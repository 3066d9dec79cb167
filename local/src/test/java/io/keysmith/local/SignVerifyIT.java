package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keysmith.core.KeySpec;
import io.keysmith.core.KeySpecs;
import io.keysmith.core.KeyUsage;
import io.keysmith.core.SignatureChecks;
import io.keysmith.core.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.VerifyResponse;

/**
 * Sign, Verify and GetPublicKey through the AWS SDK KmsClient over HTTP. Every signature is checked by the JDK or
 * BouncyCastle from the public key that GetPublicKey returned and nothing else, and one per family by openssl.
 */
class SignVerifyIT extends AgainstInMemoryRunner {
    private static final byte[] MESSAGE = "a release artifact, signed by Keysmith".getBytes(StandardCharsets.UTF_8);

    private KeyMetadata signingKey(KeySpec spec) {
        return kms.createKey(r -> r.keySpec(spec.name()).keyUsage("SIGN_VERIFY"))
                .keyMetadata();
    }

    /** The message types AWS takes with each algorithm: Ed25519 one each, ML-DSA RAW and EXTERNAL_MU. */
    private static List<String> messageTypes(SigningAlgorithm algorithm) {
        return switch (algorithm) {
            case ED25519_SHA_512 -> List.of("RAW");
            case ED25519_PH_SHA_512 -> List.of("DIGEST");
            case ML_DSA_SHAKE_256 -> List.of("RAW", "EXTERNAL_MU");
            default -> List.of("RAW", "DIGEST");
        };
    }

    @ParameterizedTest
    @EnumSource(
            value = KeySpec.class,
            names = {
                "RSA_2048",
                "RSA_3072",
                "RSA_4096",
                "ECC_NIST_P256",
                "ECC_NIST_P384",
                "ECC_NIST_P521",
                "ECC_SECG_P256K1",
                "SM2",
                "ECC_NIST_EDWARDS25519",
                "ML_DSA_44",
                "ML_DSA_65",
                "ML_DSA_87"
            })
    void everyAlgorithmAndMessageTypeVerifiesOutsideWithThePublicKeyAlone(KeySpec spec) throws Exception {
        // Given: a signing key of the spec and its public key, as GetPublicKey gives it
        KeyMetadata key = signingKey(spec);
        GetPublicKeyResponse publicKey = kms.getPublicKey(r -> r.keyId(key.keyId()));
        List<SigningAlgorithm> algorithms = KeySpecs.signingAlgorithms(spec, KeyUsage.SIGN_VERIFY);
        assertEquals(key.arn(), publicKey.keyId());
        assertEquals(spec.name(), publicKey.keySpecAsString());
        assertEquals(spec.name(), publicKey.customerMasterKeySpecAsString());
        assertEquals("SIGN_VERIFY", publicKey.keyUsageAsString());
        assertEquals(algorithms.stream().map(Enum::name).toList(), publicKey.signingAlgorithmsAsStrings());
        assertFalse(publicKey.hasEncryptionAlgorithms());
        assertFalse(publicKey.hasKeyAgreementAlgorithms());
        byte[] spki = publicKey.publicKey().asByteArray();

        List<String> checked = new ArrayList<>();
        for (SigningAlgorithm algorithm : algorithms) {
            for (String type : messageTypes(algorithm)) {
                // When: Keysmith signs the message (or its digest, or mu) with the algorithm
                byte[] sent = type.equals("RAW") ? MESSAGE : SignatureChecks.digestFor(algorithm, spki, MESSAGE);
                SignResponse signed = kms.sign(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(sent))
                        .messageType(type)
                        .signingAlgorithm(algorithm.name()));
                byte[] signature = signed.signature().asByteArray();
                String context = spec + " " + algorithm + " " + type;

                // Then: the signature verifies outside Keysmith, and a tampered message does not
                assertEquals(key.arn(), signed.keyId(), context);
                assertEquals(algorithm.name(), signed.signingAlgorithmAsString(), context);
                assertTrue(SignatureChecks.verifiesSent(algorithm, spki, MESSAGE, sent, signature), context);
                assertFalse(
                        SignatureChecks.verifiesSent(algorithm, spki, tampered(MESSAGE), tampered(sent), signature),
                        context);
                // And: Keysmith's Verify agrees, both ways
                VerifyResponse verified = kms.verify(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(sent))
                        .messageType(type)
                        .signature(SdkBytes.fromByteArray(signature))
                        .signingAlgorithm(algorithm.name()));
                assertTrue(verified.signatureValid(), context);
                assertEquals(key.arn(), verified.keyId(), context);
                assertEquals(algorithm.name(), verified.signingAlgorithmAsString(), context);
                KmsInvalidSignatureException invalid = assertThrows(
                        KmsInvalidSignatureException.class,
                        () -> kms.verify(r -> r.keyId(key.keyId())
                                .message(SdkBytes.fromByteArray(tampered(sent)))
                                .messageType(type)
                                .signature(SdkBytes.fromByteArray(signature))
                                .signingAlgorithm(algorithm.name())),
                        context);
                assertEquals(400, invalid.statusCode(), context);
                checked.add(algorithm + "/" + type);
            }
        }
        assertEquals(
                algorithms.stream().mapToInt(a -> messageTypes(a).size()).sum(), checked.size(), checked.toString());
    }

    @Test
    void getPublicKeyOfOtherUsagesListsTheirAlgorithmsAndRefusesSymmetricAndHmacKeys() {
        KeyMetadata rsa = kms.createKey(r -> r.keySpec("RSA_2048").keyUsage("ENCRYPT_DECRYPT"))
                .keyMetadata();
        GetPublicKeyResponse encrypting = kms.getPublicKey(r -> r.keyId(rsa.arn()));
        assertEquals(List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"), encrypting.encryptionAlgorithmsAsStrings());
        assertFalse(encrypting.hasSigningAlgorithms());
        KeyMetadata ecdh = kms.createKey(r -> r.keySpec("ECC_NIST_P256").keyUsage("KEY_AGREEMENT"))
                .keyMetadata();
        assertEquals(
                List.of("ECDH"), kms.getPublicKey(r -> r.keyId(ecdh.keyId())).keyAgreementAlgorithmsAsStrings());

        KeyMetadata symmetric = kms.createKey(r -> r.description("symmetric")).keyMetadata();
        KeyMetadata hmac = kms.createKey(r -> r.keySpec("HMAC_256").keyUsage("GENERATE_VERIFY_MAC"))
                .keyMetadata();
        assertError(
                UnsupportedOperationException.class,
                symmetric.arn() + " key spec is SYMMETRIC_DEFAULT which is not valid for GetPublicKey.",
                () -> kms.getPublicKey(r -> r.keyId(symmetric.keyId())));
        assertError(
                UnsupportedOperationException.class,
                hmac.arn() + " key spec is HMAC_256 which is not valid for GetPublicKey.",
                () -> kms.getPublicKey(r -> r.keyId(hmac.keyId())));
    }

    @Test
    void wrongUsageAlgorithmAndMessageAreRefusedInAwsWords() {
        KeyMetadata p256 = signingKey(KeySpec.ECC_NIST_P256);
        KeyMetadata ed25519 = signingKey(KeySpec.ECC_NIST_EDWARDS25519);
        KeyMetadata symmetric = kms.createKey(r -> r.description("symmetric")).keyMetadata();
        KeyMetadata hmac = kms.createKey(r -> r.keySpec("HMAC_256").keyUsage("GENERATE_VERIFY_MAC"))
                .keyMetadata();
        assertError(
                InvalidKeyUsageException.class,
                hmac.arn() + " key usage is GENERATE_VERIFY_MAC which is not valid for Sign.",
                () -> sign(hmac.keyId(), MESSAGE, "RAW", "ECDSA_SHA_256"));
        assertError(
                InvalidKeyUsageException.class,
                symmetric.arn() + " key usage is ENCRYPT_DECRYPT which is not valid for Verify.",
                () -> kms.verify(r -> r.keyId(symmetric.keyId())
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .signature(SdkBytes.fromByteArray(new byte[64]))
                        .signingAlgorithm("ECDSA_SHA_256")));
        assertError(
                InvalidKeyUsageException.class,
                "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.",
                () -> sign(p256.keyId(), MESSAGE, "RAW", "ECDSA_SHA_384"));
        assertError(
                InvalidKeyUsageException.class,
                "Algorithm ML_DSA_SHAKE_256 is incompatible with key spec ECC_NIST_P256.",
                () -> sign(p256.keyId(), MESSAGE, "RAW", "ML_DSA_SHAKE_256"));
        assertValidation(
                "Digest is invalid length for algorithm ECDSA_SHA_256.",
                () -> sign(p256.keyId(), new byte[31], "DIGEST", "ECDSA_SHA_256"));
        assertValidation(
                "MessageType EXTERNAL_MU is not supported with signing algorithm ECDSA_SHA_256.",
                () -> sign(p256.keyId(), new byte[64], "EXTERNAL_MU", "ECDSA_SHA_256"));
        assertValidation(
                "MessageType DIGEST is not supported with signing algorithm ED25519_SHA_512.",
                () -> sign(ed25519.keyId(), new byte[64], "DIGEST", "ED25519_SHA_512"));
        assertValidation(
                "MessageType RAW is not supported with signing algorithm ED25519_PH_SHA_512.",
                () -> sign(ed25519.keyId(), MESSAGE, "RAW", "ED25519_PH_SHA_512"));
        // The model's limit: a RAW message of at most 4096 bytes
        KmsException tooLong =
                assertThrows(KmsException.class, () -> sign(p256.keyId(), new byte[4097], "RAW", "ECDSA_SHA_256"));
        assertEquals("ValidationException", tooLong.awsErrorDetails().errorCode());
        assertTrue(
                tooLong.awsErrorDetails().errorMessage().contains("Member must have length less than or equal to 4096"),
                tooLong.awsErrorDetails().errorMessage());
        assertEquals(
                p256.arn(),
                sign(p256.keyId(), new byte[4096], "RAW", "ECDSA_SHA_256").keyId());
    }

    @Test
    void keyStatesAndDryRunComeAsForTheOtherCryptographicOperations() {
        KeyMetadata key = signingKey(KeySpec.ECC_NIST_P384);
        assertError(
                DryRunOperationException.class,
                "The request would have succeeded, but the DryRun option is set.",
                () -> kms.sign(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .signingAlgorithm("ECDSA_SHA_384")
                        .dryRun(true)));
        KmsException badToken = assertThrows(
                KmsException.class,
                () -> kms.sign(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(MESSAGE))
                        .signingAlgorithm("ECDSA_SHA_384")
                        .grantTokens("not-a-grant-token")));
        assertEquals("InvalidGrantTokenException", badToken.awsErrorDetails().errorCode());
        kms.disableKey(r -> r.keyId(key.keyId()));
        assertError(
                DisabledException.class,
                key.arn() + " is disabled.",
                () -> sign(key.keyId(), MESSAGE, "RAW", "ECDSA_SHA_384"));
        assertError(
                DisabledException.class,
                key.arn() + " is disabled.",
                () -> kms.getPublicKey(r -> r.keyId(key.keyId())));
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        assertError(
                KmsInvalidStateException.class,
                key.arn() + " is pending deletion.",
                () -> sign(key.keyId(), MESSAGE, "RAW", "ECDSA_SHA_384"));
        KeyMetadata pending = kms.createKey(
                        r -> r.keySpec("ECC_NIST_P256").keyUsage("SIGN_VERIFY").origin("EXTERNAL"))
                .keyMetadata();
        assertError(
                KmsInvalidStateException.class,
                pending.arn() + " is pending import.",
                () -> kms.getPublicKey(r -> r.keyId(pending.keyId())));
    }

    @Test
    void aliasesNameSigningKeys() {
        KeyMetadata key = signingKey(KeySpec.ECC_NIST_P256);
        kms.createAlias(r -> r.aliasName("alias/it-signing").targetKeyId(key.keyId()));
        assertEquals(
                key.arn(),
                sign("alias/it-signing", MESSAGE, "RAW", "ECDSA_SHA_256").keyId());
        assertEquals(
                key.arn(), kms.getPublicKey(r -> r.keyId("alias/it-signing")).keyId());
    }

    // openssl, one signature per family, from the PEM of the GetPublicKey key alone

    @Test
    void opensslVerifiesAnRsaPssSignature(@TempDir Path dir) throws Exception {
        assumeTrue(opensslHas("list", "-public-key-algorithms", "RSA"), "no openssl with RSA");
        Path[] files = signedFiles(dir, KeySpec.RSA_2048, SigningAlgorithm.RSASSA_PSS_SHA_256);
        openssl(
                "openssl",
                "dgst",
                "-sha256",
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                "rsa_pss_saltlen:32",
                "-verify",
                files[0].toString(),
                "-signature",
                files[1].toString(),
                files[2].toString());
    }

    @Test
    void opensslVerifiesAnEcdsaSignature(@TempDir Path dir) throws Exception {
        assumeTrue(opensslHas("list", "-public-key-algorithms", "EC"), "no openssl with EC");
        Path[] files = signedFiles(dir, KeySpec.ECC_NIST_P384, SigningAlgorithm.ECDSA_SHA_384);
        openssl(
                "openssl",
                "dgst",
                "-sha384",
                "-verify",
                files[0].toString(),
                "-signature",
                files[1].toString(),
                files[2].toString());
    }

    @Test
    void opensslVerifiesAnEd25519Signature(@TempDir Path dir) throws Exception {
        assumeTrue(opensslHas("list", "-public-key-algorithms", "ED25519"), "openssl has no Ed25519");
        Path[] files = signedFiles(dir, KeySpec.ECC_NIST_EDWARDS25519, SigningAlgorithm.ED25519_SHA_512);
        openssl(
                "openssl",
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                files[0].toString(),
                "-rawin",
                "-in",
                files[2].toString(),
                "-sigfile",
                files[1].toString());
    }

    @Test
    void opensslVerifiesAnSm2Signature(@TempDir Path dir) throws Exception {
        assumeTrue(opensslHas("list", "-public-key-algorithms", "SM2"), "openssl has no SM2");
        assumeTrue(opensslHas("list", "-digest-algorithms", "SM3"), "openssl has no SM3");
        Path[] files = signedFiles(dir, KeySpec.SM2, SigningAlgorithm.SM2DSA);
        openssl(
                "openssl",
                "dgst",
                "-sm3",
                "-sigopt",
                "distid:1234567812345678",
                "-verify",
                files[0].toString(),
                "-signature",
                files[1].toString(),
                files[2].toString());
    }

    /** The public key as PEM, the signature of MESSAGE and MESSAGE, written in {@code dir}. */
    private Path[] signedFiles(Path dir, KeySpec spec, SigningAlgorithm algorithm) throws Exception {
        KeyMetadata key = signingKey(spec);
        byte[] spki = kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
        Path publicKey = Files.writeString(dir.resolve("public.pem"), pem);
        Path signature = Files.write(
                dir.resolve("message.sig"),
                sign(key.keyId(), MESSAGE, "RAW", algorithm.name()).signature().asByteArray());
        Path message = Files.write(dir.resolve("message.txt"), MESSAGE);
        return new Path[] {publicKey, signature, message};
    }

    private static void openssl(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Verified OK") || output.contains("Signature Verified Successfully"), output);
    }

    /** Whether {@code openssl <list command>} names {@code algorithm}; false where there is no openssl at all. */
    private static boolean opensslHas(String list, String what, String algorithm) {
        try {
            Process process = new ProcessBuilder("openssl", list, what)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(60, TimeUnit.SECONDS)
                    && output.toUpperCase(java.util.Locale.ROOT).contains(algorithm);
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    private SignResponse sign(String keyId, byte[] message, String type, String algorithm) {
        return kms.sign(r -> r.keyId(keyId)
                .message(SdkBytes.fromByteArray(message))
                .messageType(type)
                .signingAlgorithm(algorithm));
    }

    private static byte[] tampered(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 1;
        return copy;
    }

    /** The SDK has no class for ValidationException, which the model does not list: its code says it. */
    private static void assertValidation(String message, Supplier<?> call) {
        KmsException error = assertThrows(KmsException.class, call::get);
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertEquals(message, error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode());
    }

    private static <E extends KmsException> void assertError(Class<E> type, String message, Supplier<?> call) {
        E error = assertThrows(type, call::get);
        assertEquals(message, error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode());
    }
}
