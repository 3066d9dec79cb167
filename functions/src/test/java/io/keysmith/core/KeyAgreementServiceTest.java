package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.ValidationException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DeriveSharedSecret through the core, checked against the JDK's (and for SM2 BouncyCastle's JCE) KeyAgreement. */
@ExtendWith(AsAccountRoot.class)
class KeyAgreementServiceTest {
    private static final Map<KeySpec, String> CURVES = Map.of(
            KeySpec.ECC_NIST_P256, "secp256r1",
            KeySpec.ECC_NIST_P384, "secp384r1",
            KeySpec.ECC_NIST_P521, "secp521r1",
            KeySpec.SM2, "sm2p256v1");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final StorePorts stores = InMemoryPorts.stores();
    private final Keysmith keysmith = new Keysmith(
            stores.keys(),
            stores.aliases(),
            InMemoryPorts.rootKey(),
            new KmsLocation("us-east-1", "111122223333"),
            new Randomness(),
            Clock.systemUTC());
    private final KeyAgreementService agreement = keysmith.keyAgreement();

    @Test
    void sharedSecretMatchesALocalKeyAgreementOnEveryCurve() throws Exception {
        for (Map.Entry<KeySpec, String> curve : CURVES.entrySet()) {
            String keyId = key(curve.getKey());
            boolean sm2 = curve.getKey() == KeySpec.SM2;
            KeyPair mine = pair(curve.getValue(), sm2);
            SharedSecret derived = agreement.deriveSharedSecret(
                    new SharedSecretRequest(
                            keyId, KeyAgreementAlgorithm.ECDH, mine.getPublic().getEncoded(), false),
                    null);
            KeyAgreement local = sm2 ? KeyAgreement.getInstance("ECDH", BC) : KeyAgreement.getInstance("ECDH");
            local.init(mine.getPrivate());
            local.doPhase(publicKey(keyId, sm2), true);
            assertArrayEquals(
                    local.generateSecret(),
                    derived.secret().reveal(),
                    curve.getKey().name());
            assertEquals(Origin.AWS_KMS, derived.keyOrigin());
            assertNull(derived.ciphertextForRecipient());
        }
    }

    @Test
    void aPeerKeyOfAnotherCurveOrNotAKeyIsValidationExceptionWithAwsEmptyMessage() throws Exception {
        String keyId = key(KeySpec.ECC_NIST_P256);
        byte[] p384 = pair("secp384r1", false).getPublic().getEncoded();
        byte[] sm2 = pair("sm2p256v1", true).getPublic().getEncoded();
        byte[] rsa = KeyPairGenerator.getInstance("RSA")
                .generateKeyPair()
                .getPublic()
                .getEncoded();
        byte[] valid = pair("secp256r1", false).getPublic().getEncoded();
        byte[] offCurve = valid.clone();
        offCurve[offCurve.length - 1] ^= 1; // y no longer fits x
        for (byte[] peer : List.of(
                p384, sm2, rsa, offCurve, "InvalidPublicKey".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            ValidationException e = assertThrows(
                    ValidationException.class,
                    () -> agreement.deriveSharedSecret(
                            new SharedSecretRequest(keyId, KeyAgreementAlgorithm.ECDH, peer, false), null));
            assertEquals("", e.getMessage());
        }
        // The point at infinity is no key either, and a compressed point of the right curve is one.
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(valid);
        byte[] infinity = new SubjectPublicKeyInfo(info.getAlgorithm(), new byte[] {0}).getEncoded();
        assertThrows(
                ValidationException.class,
                () -> agreement.deriveSharedSecret(
                        new SharedSecretRequest(keyId, KeyAgreementAlgorithm.ECDH, infinity, false), null));
    }

    @Test
    void usageStateAndDryRunAsAws() throws Exception {
        String signing = keysmith.keys()
                .createKey(new NewKey("sign", KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, null, List.of()))
                .keyId();
        byte[] peer = pair("secp256r1", false).getPublic().getEncoded();
        InvalidKeyUsageException usage = assertThrows(
                InvalidKeyUsageException.class,
                () -> agreement.deriveSharedSecret(
                        new SharedSecretRequest(signing, KeyAgreementAlgorithm.ECDH, peer, false), null));
        assertEquals(
                keysmith.location().keyArn(signing)
                        + " key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.",
                usage.getMessage());
        String keyId = key(KeySpec.ECC_NIST_P256);
        assertThrows(
                DryRunOperationException.class,
                () -> agreement.deriveSharedSecret(
                        new SharedSecretRequest(keyId, KeyAgreementAlgorithm.ECDH, peer, true), null));
        assertThrows(
                ValidationException.class,
                () -> agreement.deriveSharedSecret(
                        new SharedSecretRequest(keyId, KeyAgreementAlgorithm.ECDH, new byte[] {1, 2}, true), null));
    }

    @Test
    void twoKeysAgreeWithEachOther() {
        String a = key(KeySpec.ECC_NIST_P384);
        String b = key(KeySpec.ECC_NIST_P384);
        byte[] ab = agreement
                .deriveSharedSecret(new SharedSecretRequest(a, KeyAgreementAlgorithm.ECDH, spki(b), false), null)
                .secret()
                .reveal();
        byte[] ba = agreement
                .deriveSharedSecret(new SharedSecretRequest(b, KeyAgreementAlgorithm.ECDH, spki(a), false), null)
                .secret()
                .reveal();
        assertArrayEquals(ab, ba);
        assertEquals(48, ab.length);
        assertEquals(false, Arrays.equals(new byte[48], ab));
    }

    private String key(KeySpec spec) {
        return keysmith.keys()
                .createKey(new NewKey("agree", spec, KeyUsage.KEY_AGREEMENT, null, List.of()))
                .keyId();
    }

    private byte[] spki(String keyId) {
        KeyRecord key = stores.keys().find(keyId).orElseThrow();
        return stores.keys()
                .findMaterial(keyId, key.currentMaterialId())
                .orElseThrow()
                .publicKey();
    }

    private PublicKey publicKey(String keyId, boolean sm2) throws Exception {
        KeyFactory factory = sm2 ? KeyFactory.getInstance("EC", BC) : KeyFactory.getInstance("EC");
        return factory.generatePublic(new X509EncodedKeySpec(spki(keyId)));
    }

    private static KeyPair pair(String curve, boolean bouncyCastle) throws Exception {
        KeyPairGenerator generator =
                bouncyCastle ? KeyPairGenerator.getInstance("EC", BC) : KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }
}
