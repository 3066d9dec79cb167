package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.errors.AccessDeniedException;
import io.keysmith.core.errors.DisabledException;
import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.KmsInvalidSignatureException;
import io.keysmith.core.errors.KmsInvalidStateException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(AsAccountRoot.class)
class SigningServiceTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MESSAGE = "keysmith signs this".getBytes(StandardCharsets.UTF_8);

    private final StorePorts stores = InMemoryPorts.stores();
    private final RootKey rootKey = InMemoryPorts.rootKey();
    private final Keysmith keysmith = new Keysmith(
            stores.keys(),
            stores.aliases(),
            rootKey,
            new KmsLocation("us-east-1", "111122223333"),
            new Randomness(),
            java.time.Clock.systemUTC());
    private final SigningService signing = keysmith.signing();

    private KeyRecord key(KeySpec spec, KeyUsage usage) {
        return keysmith.keys().createKey(new NewKey("signing", spec, usage, null, List.of()));
    }

    private String arn(KeyRecord key) {
        return keysmith.location().keyArn(key.keyId());
    }

    @ParameterizedTest
    @EnumSource(
            value = KeySpec.class,
            names = {
                "RSA_2048",
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
    void everyAlgorithmAndMessageTypeOfASpecSignsWhatThePublicKeyAloneVerifies(KeySpec spec) throws Exception {
        KeyRecord key = key(spec, KeyUsage.SIGN_VERIFY);
        byte[] spki = signing.publicKey(key.keyId()).publicKey();
        int checked = 0;
        for (SigningAlgorithm algorithm : KeySpecs.signingAlgorithms(spec, KeyUsage.SIGN_VERIFY)) {
            for (MessageType type : MessageType.values()) {
                if (!SignatureScheme.of(algorithm).accepts(type)) {
                    continue;
                }
                byte[] message =
                        type == MessageType.RAW ? MESSAGE : SignatureChecks.digestFor(algorithm, spki, MESSAGE);
                Signed signed = signing.sign(new SignRequest(key.keyId(), message, type, algorithm, false));
                String context = spec + " " + algorithm + " " + type;
                assertEquals(arn(key), signed.keyArn(), context);
                assertTrue(
                        SignatureChecks.verifiesSent(algorithm, spki, MESSAGE, message, signed.signature()), context);
                assertFalse(
                        SignatureChecks.verifiesSent(
                                algorithm, spki, tampered(MESSAGE), tampered(message), signed.signature()),
                        context);
                assertEquals(
                        arn(key),
                        signing.verify(
                                new VerifyRequest(key.keyId(), message, type, signed.signature(), algorithm, false)),
                        context);
                assertThrows(
                        KmsInvalidSignatureException.class,
                        () -> signing.verify(new VerifyRequest(
                                key.keyId(), tampered(message), type, signed.signature(), algorithm, false)),
                        context);
                assertThrows(
                        KmsInvalidSignatureException.class,
                        () -> signing.verify(new VerifyRequest(
                                key.keyId(), message, type, tampered(signed.signature()), algorithm, false)),
                        context);
                checked++;
            }
        }
        assertTrue(checked >= 2, "each spec has at least two (algorithm, message type) pairs");
    }

    @ParameterizedTest
    @EnumSource(
            value = KeySpec.class,
            names = {"RSA_2048", "ECC_NIST_P521", "SM2", "ECC_NIST_EDWARDS25519", "ML_DSA_44"})
    void malformedSignaturesAreInvalidNeverAnInternalError(KeySpec spec) throws Exception {
        KeyRecord key = key(spec, KeyUsage.SIGN_VERIFY);
        byte[] spki = signing.publicKey(key.keyId()).publicKey();
        byte[] ones = new byte[6144];
        java.util.Arrays.fill(ones, (byte) 0xff);
        List<byte[]> malformed = List.of(
                new byte[1],
                new byte[64],
                java.util.Arrays.copyOf(ones, 256), // not below an RSA-2048 modulus
                HEX.parseHex("3006020100020100"), // DER (r, s) = (0, 0)
                HEX.parseHex("30060201ff0201ff"), // negative r and s
                ones);
        for (SigningAlgorithm algorithm : KeySpecs.signingAlgorithms(spec, KeyUsage.SIGN_VERIFY)) {
            MessageType type = algorithm == SigningAlgorithm.ED25519_PH_SHA_512 ? MessageType.DIGEST : MessageType.RAW;
            byte[] message = type == MessageType.RAW ? MESSAGE : SignatureChecks.digestFor(algorithm, spki, MESSAGE);
            for (byte[] signature : malformed) {
                assertThrows(
                        KmsInvalidSignatureException.class,
                        () -> signing.verify(
                                new VerifyRequest(key.keyId(), message, type, signature, algorithm, false)),
                        algorithm + " " + signature.length);
            }
        }
    }

    @Test
    void rsaSignaturesOfAllSixAlgorithmsVerifyWithTheJdk() throws Exception {
        KeyRecord key = key(KeySpec.RSA_3072, KeyUsage.SIGN_VERIFY);
        byte[] spki = signing.publicKey(key.keyId()).publicKey();
        for (SigningAlgorithm algorithm : KeySpecs.signingAlgorithms(KeySpec.RSA_3072, KeyUsage.SIGN_VERIFY)) {
            for (MessageType type : List.of(MessageType.RAW, MessageType.DIGEST)) {
                byte[] message =
                        type == MessageType.RAW ? MESSAGE : SignatureChecks.digestFor(algorithm, spki, MESSAGE);
                byte[] signature = signing.sign(new SignRequest(key.keyId(), message, type, algorithm, false))
                        .signature();
                assertTrue(SignatureChecks.verifies(algorithm, spki, MESSAGE, signature), algorithm + " " + type);
            }
        }
    }

    @Test
    void pkcs1SignaturesAreTheJdksByteForByte() throws Exception {
        // PKCS#1 v1.5 is deterministic: the JDK, given the same private key, must produce the same bytes.
        KeyRecord key = key(KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY);
        byte[] ours = signing.sign(
                        new SignRequest(key.keyId(), MESSAGE, null, SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384, false))
                .signature();
        Signature jdk = Signature.getInstance("SHA384withRSA");
        jdk.initSign(privateKeyOf(key));
        jdk.update(MESSAGE);
        assertArrayEquals(jdk.sign(), ours);
    }

    @Test
    void ed25519MatchesRfc8032Vectors() throws Exception {
        // RFC 8032, 7.1 TEST 2 (Ed25519) and 7.3 TEST abc (Ed25519ph, whose message KMS takes as a DIGEST).
        Ed25519PrivateKeyParameters pure = new Ed25519PrivateKeyParameters(
                HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertEquals(
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                        + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
                HEX.formatHex(Ed25519Signatures.pure().sign(pure, HEX.parseHex("72"), MessageType.RAW, null)));
        Ed25519PrivateKeyParameters ph = new Ed25519PrivateKeyParameters(
                HEX.parseHex("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42"));
        byte[] abc = HEX.parseHex("616263");
        byte[] expected = HEX.parseHex("98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
                + "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
        assertArrayEquals(expected, Ed25519Signatures.prehashed().sign(ph, abc, MessageType.DIGEST, null));
        Ed25519PublicKeyParameters phPublic = new Ed25519PublicKeyParameters(
                HEX.parseHex("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf"));
        assertTrue(Ed25519Signatures.prehashed().verify(phPublic, abc, MessageType.DIGEST, expected));
    }

    @Test
    void sm2VerifiesBouncyCastlesSignatureAndRejectsAnotherIdentity() throws Exception {
        KeyRecord key = key(KeySpec.SM2, KeyUsage.SIGN_VERIFY);
        byte[] pkcs8 = materialOf(key);
        org.bouncycastle.crypto.signers.SM2Signer theirs = new org.bouncycastle.crypto.signers.SM2Signer();
        theirs.init(true, PrivateKeyFactory.createKey(pkcs8)); // BouncyCastle's default ID, AWS's
        theirs.update(MESSAGE, 0, MESSAGE.length);
        byte[] signature = theirs.generateSignature();
        assertEquals(
                arn(key),
                signing.verify(new VerifyRequest(
                        key.keyId(), MESSAGE, MessageType.RAW, signature, SigningAlgorithm.SM2DSA, false)));
        org.bouncycastle.crypto.signers.SM2Signer otherId = new org.bouncycastle.crypto.signers.SM2Signer();
        otherId.init(
                true,
                new org.bouncycastle.crypto.params.ParametersWithID(
                        PrivateKeyFactory.createKey(pkcs8), "alice@example".getBytes(StandardCharsets.US_ASCII)));
        otherId.update(MESSAGE, 0, MESSAGE.length);
        byte[] otherSignature = otherId.generateSignature();
        assertThrows(
                KmsInvalidSignatureException.class,
                () -> signing.verify(new VerifyRequest(
                        key.keyId(), MESSAGE, MessageType.RAW, otherSignature, SigningAlgorithm.SM2DSA, false)));
    }

    @Test
    void pssSaltIsTheDigestLength() throws Exception {
        KeyRecord key = key(KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY);
        byte[] signature = signing.sign(new SignRequest(
                        key.keyId(), MESSAGE, MessageType.RAW, SigningAlgorithm.RSASSA_PSS_SHA_256, false))
                .signature();
        // The same signature does not verify when a 20-byte salt is expected: the salt is 32 bytes.
        Signature other = Signature.getInstance("RSASSA-PSS");
        other.setParameter(new java.security.spec.PSSParameterSpec(
                "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 20, 1));
        other.initVerify(KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(
                        signing.publicKey(key.keyId()).publicKey())));
        other.update(MESSAGE);
        assertFalse(other.verify(signature));
        // And Keysmith refuses a valid PSS signature whose salt is of another length.
        Signature shortSalt = Signature.getInstance("RSASSA-PSS");
        shortSalt.setParameter(new java.security.spec.PSSParameterSpec(
                "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 20, 1));
        shortSalt.initSign(privateKeyOf(key));
        shortSalt.update(MESSAGE);
        byte[] withShortSalt = shortSalt.sign();
        assertThrows(
                KmsInvalidSignatureException.class,
                () -> signing.verify(new VerifyRequest(
                        key.keyId(),
                        MESSAGE,
                        MessageType.RAW,
                        withShortSalt,
                        SigningAlgorithm.RSASSA_PSS_SHA_256,
                        false)));
    }

    @Test
    void usageSpecAlgorithmAndMessageAreCheckedInAwsWords() {
        KeyRecord symmetric = key(null, null);
        KeyRecord hmac = key(KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC);
        KeyRecord p256 = key(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY);
        KeyRecord ed25519 = key(KeySpec.ECC_NIST_EDWARDS25519, KeyUsage.SIGN_VERIFY);
        KeyRecord rsaEncrypt = key(KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);
        assertMessage(
                InvalidKeyUsageException.class,
                arn(hmac) + " key usage is GENERATE_VERIFY_MAC which is not valid for Sign.",
                () -> sign(hmac, MESSAGE, null, SigningAlgorithm.ECDSA_SHA_256));
        assertMessage(
                InvalidKeyUsageException.class,
                arn(symmetric) + " key usage is ENCRYPT_DECRYPT which is not valid for Verify.",
                () -> signing.verify(new VerifyRequest(
                        symmetric.keyId(), MESSAGE, null, new byte[8], SigningAlgorithm.ECDSA_SHA_256, false)));
        assertMessage(
                InvalidKeyUsageException.class,
                arn(rsaEncrypt) + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.",
                () -> sign(rsaEncrypt, MESSAGE, null, SigningAlgorithm.RSASSA_PSS_SHA_256));
        assertMessage(
                InvalidKeyUsageException.class,
                "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.",
                () -> sign(p256, MESSAGE, null, SigningAlgorithm.ECDSA_SHA_384));
        assertMessage(
                InvalidKeyUsageException.class,
                "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.",
                () -> sign(p256, MESSAGE, null, SigningAlgorithm.RSASSA_PSS_SHA_256));
        assertMessage(
                ValidationException.class,
                "Digest is invalid length for algorithm ECDSA_SHA_256.",
                () -> sign(p256, MESSAGE, MessageType.DIGEST, SigningAlgorithm.ECDSA_SHA_256));
        assertMessage(
                ValidationException.class,
                "MessageType EXTERNAL_MU is not supported with signing algorithm ECDSA_SHA_256.",
                () -> sign(p256, new byte[64], MessageType.EXTERNAL_MU, SigningAlgorithm.ECDSA_SHA_256));
        assertMessage(
                ValidationException.class,
                "MessageType DIGEST is not supported with signing algorithm ED25519_SHA_512.",
                () -> sign(ed25519, new byte[64], MessageType.DIGEST, SigningAlgorithm.ED25519_SHA_512));
        assertMessage(
                ValidationException.class,
                "MessageType RAW is not supported with signing algorithm ED25519_PH_SHA_512.",
                () -> sign(ed25519, MESSAGE, MessageType.RAW, SigningAlgorithm.ED25519_PH_SHA_512));
        assertMessage(
                KmsUnsupportedOperationException.class,
                arn(symmetric) + " key spec is SYMMETRIC_DEFAULT which is not valid for GetPublicKey.",
                () -> signing.publicKey(symmetric.keyId()));
        assertMessage(
                KmsUnsupportedOperationException.class,
                arn(hmac) + " key spec is HMAC_256 which is not valid for GetPublicKey.",
                () -> signing.publicKey(hmac.keyId()));
    }

    @Test
    void keyStatesAndDryRunComeInAwsOrder() {
        KeyRecord key = key(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY);
        assertMessage(
                DryRunOperationException.class,
                "The request would have succeeded, but the DryRun option is set.",
                () -> signing.sign(new SignRequest(key.keyId(), MESSAGE, null, SigningAlgorithm.ECDSA_SHA_256, true)));
        keysmith.keys().disableKey(key.keyId());
        assertMessage(
                DisabledException.class,
                arn(key) + " is disabled.",
                () -> sign(key, MESSAGE, null, SigningAlgorithm.ECDSA_SHA_256));
        assertMessage(DisabledException.class, arn(key) + " is disabled.", () -> signing.publicKey(key.keyId()));
        keysmith.keys().scheduleKeyDeletion(key.keyId(), 7);
        assertMessage(
                KmsInvalidStateException.class,
                arn(key) + " is pending deletion.",
                () -> signing.verify(new VerifyRequest(
                        key.keyId(), MESSAGE, null, new byte[8], SigningAlgorithm.ECDSA_SHA_256, false)));
        KeyRecord pending = keysmith.keys()
                .createKey(
                        new NewKey("import", KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, Origin.EXTERNAL, List.of()));
        assertMessage(
                KmsInvalidStateException.class,
                arn(pending) + " is pending import.",
                () -> sign(pending, MESSAGE, null, SigningAlgorithm.ECDSA_SHA_256));
    }

    @Test
    void getPublicKeyDescribesTheKeyAndItsAlgorithms() {
        KeyRecord signKey = key(KeySpec.ECC_NIST_EDWARDS25519, KeyUsage.SIGN_VERIFY);
        PublicKeyInfo info = signing.publicKey(signKey.keyId());
        assertEquals(arn(signKey), info.keyArn());
        assertEquals(KeySpec.ECC_NIST_EDWARDS25519, info.keySpec());
        assertEquals(
                List.of(SigningAlgorithm.ED25519_SHA_512, SigningAlgorithm.ED25519_PH_SHA_512),
                info.signingAlgorithms());
        assertEquals(List.of(), info.encryptionAlgorithms());
        KeyRecord agreement = key(KeySpec.ECC_NIST_P384, KeyUsage.KEY_AGREEMENT);
        PublicKeyInfo agreementInfo = signing.publicKey(agreement.keyId());
        assertEquals(List.of("ECDH"), agreementInfo.keyAgreementAlgorithms());
        assertEquals(List.of(), agreementInfo.signingAlgorithms());
        KeyRecord rsa = key(KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);
        assertEquals(
                List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256),
                signing.publicKey(rsa.keyId()).encryptionAlgorithms());
    }

    @Test
    void keyPoliciesDecideOnTheSigningAlgorithmAndMessageType() throws Exception {
        String policy = """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": "kms:*", "Resource": "*"},
                  {"Sid": "OnlyPss", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "kms:Sign",
                   "Resource": "*", "Condition": {"StringNotEquals": {"kms:SigningAlgorithm": "RSASSA_PSS_SHA_256"}}},
                  {"Sid": "NoDigests", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": ["kms:Sign", "kms:Verify"],
                   "Resource": "*", "Condition": {"StringEquals": {"kms:MessageType": "DIGEST"}}}]}""";
        KeyRecord key = keysmith.keys()
                .createKey(
                        new NewKey("policy", KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY, null, List.of(), policy, false));
        byte[] signature =
                sign(key, MESSAGE, null, SigningAlgorithm.RSASSA_PSS_SHA_256).signature();
        assertThrows(
                AccessDeniedException.class,
                () -> sign(key, MESSAGE, MessageType.RAW, SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        assertThrows(
                AccessDeniedException.class,
                () -> sign(key, digest, MessageType.DIGEST, SigningAlgorithm.RSASSA_PSS_SHA_256));
        assertThrows(
                AccessDeniedException.class,
                () -> signing.verify(new VerifyRequest(
                        key.keyId(),
                        digest,
                        MessageType.DIGEST,
                        signature,
                        SigningAlgorithm.RSASSA_PSS_SHA_256,
                        false)));
        // Authorization comes first: a denied algorithm is AccessDenied even where it is also the wrong one.
        assertThrows(
                AccessDeniedException.class, () -> sign(key, MESSAGE, MessageType.RAW, SigningAlgorithm.ECDSA_SHA_256));
        assertEquals(
                arn(key),
                signing.verify(new VerifyRequest(
                        key.keyId(), MESSAGE, MessageType.RAW, signature, SigningAlgorithm.RSASSA_PSS_SHA_256, false)));
    }

    @Test
    void aGrantLetsAnotherAccountSignAndGetThePublicKeyButNothingMore() {
        Keysmith withGrants = InMemoryPorts.keysmith();
        KeyRecord key = withGrants
                .keys()
                .createKey(new NewKey("granted", KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, null, List.of()));
        String keyArn = withGrants.location().keyArn(key.keyId());
        String carol = "arn:aws:iam::444455556666:user/carol";
        withGrants
                .grants()
                .createGrant(
                        new NewGrant(key.keyId(), carol, null, List.of("Sign", "GetPublicKey"), null, null, false),
                        "111122223333");
        CallScope.open(Caller.of(carol, "10.0.0.4", true), List.of());
        try {
            Signed signed = withGrants
                    .signing()
                    .sign(new SignRequest(keyArn, MESSAGE, null, SigningAlgorithm.ECDSA_SHA_256, false));
            assertEquals(keyArn, signed.keyArn());
            assertEquals(keyArn, withGrants.signing().publicKey(keyArn).keyArn());
            assertThrows(
                    AccessDeniedException.class,
                    () -> withGrants
                            .signing()
                            .verify(new VerifyRequest(
                                    keyArn, MESSAGE, null, signed.signature(), SigningAlgorithm.ECDSA_SHA_256, false)));
        } finally {
            CallScope.open(TestCallers.ROOT, List.of());
        }
    }

    private Signed sign(KeyRecord key, byte[] message, MessageType type, SigningAlgorithm algorithm) {
        return signing.sign(new SignRequest(key.keyId(), message, type, algorithm, false));
    }

    /** The key's private key, read from the store through the root key: only a test may do this. */
    private byte[] materialOf(KeyRecord key) {
        WrappedMaterial wrapped =
                stores.keys().findMaterial(key.keyId(), key.currentMaterialId()).orElseThrow();
        return MaterialWraps.unwrap(rootKey, wrapped).reveal();
    }

    private PrivateKey privateKeyOf(KeyRecord key) throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(materialOf(key)));
    }

    private static byte[] tampered(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 1;
        return copy;
    }

    private static void assertMessage(Class<? extends KmsException> type, String message, Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }
}
