package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.IncorrectKeyException;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.ValidationException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Encrypt, Decrypt and ReEncrypt with RSA and SM2 keys through the core. Every ciphertext made outside is made with
 * the JDK or BouncyCastle from the key's public key alone, which the key store holds beside the wrapped material.
 */
@ExtendWith(AsAccountRoot.class)
class AsymmetricCryptoTest {
    private final StorePorts stores = InMemoryPorts.stores();
    private final Randomness randomness = new Randomness();
    private final RootKey rootKey = InMemoryPorts.rootKey();
    private final Keysmith keysmith = new Keysmith(
            stores.keys(),
            stores.aliases(),
            rootKey,
            new KmsLocation("us-east-1", "111122223333"),
            randomness,
            Clock.systemUTC());
    private final CryptoService crypto = keysmith.crypto();

    @Test
    void rsaOaepCiphertextMadeOutsideDecrypts() throws Exception {
        for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096)) {
            String keyId = key(spec);
            for (EncryptionAlgorithm algorithm :
                    List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256)) {
                byte[] plaintext = bytes(AsymmetricCrypto.maxPlaintext(spec, algorithm));
                Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
                cipher.init(Cipher.ENCRYPT_MODE, publicKey(keyId, "RSA"), jdkOaep(algorithm));
                byte[] ciphertext = cipher.doFinal(plaintext);
                Decrypted decrypted = decrypt(ciphertext, keyId, algorithm);
                assertArrayEquals(plaintext, decrypted.plaintext().reveal(), spec + " " + algorithm);
                assertNull(decrypted.materialId());
            }
        }
    }

    @Test
    void rsaCiphertextFromKeysmithOpensWithTheJdkNeverWithTheOtherHash() throws Exception {
        String keyId = key(KeySpec.RSA_2048);
        byte[] plaintext = "secret".getBytes(StandardCharsets.UTF_8);
        Encrypted encrypted = encrypt(keyId, plaintext, EncryptionAlgorithm.RSAES_OAEP_SHA_256, Map.of());
        assertEquals(256, encrypted.ciphertext().length);
        assertNull(encrypted.materialId());
        assertThrows(
                InvalidCiphertextException.class,
                () -> decrypt(encrypted.ciphertext(), keyId, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
        // Opened by the JDK with the private key as the vault holds it.
        try (KeyMaterial material = vaultMaterial(keyId)) {
            PrivateKey privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(material.secret().reveal()));
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, privateKey, jdkOaep(EncryptionAlgorithm.RSAES_OAEP_SHA_256));
            assertArrayEquals(plaintext, cipher.doFinal(encrypted.ciphertext()));
        }
        byte[] again = encrypt(keyId, plaintext, EncryptionAlgorithm.RSAES_OAEP_SHA_256, Map.of())
                .ciphertext();
        assertEquals(false, Arrays.equals(encrypted.ciphertext(), again)); // OAEP is randomized
    }

    @Test
    void sm2CiphertextMadeOutsideInGmt0009FormDecrypts() throws Exception {
        String keyId = key(KeySpec.SM2);
        byte[] plaintext = bytes(AsymmetricCrypto.SM2_MAX_PLAINTEXT);
        ECPublicKeyParameters publicKey = (ECPublicKeyParameters) PublicKeyFactory.createKey(spki(keyId));
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(publicKey, randomness.generator()));
        byte[] raw = engine.processBlock(plaintext, 0, plaintext.length);
        byte[] der = new DERSequence(new ASN1Encodable[] {
                    new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33))),
                    new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 33, 65))),
                    new DEROctetString(Arrays.copyOfRange(raw, 65, 97)),
                    new DEROctetString(Arrays.copyOfRange(raw, 97, raw.length))
                })
                .getEncoded();
        assertArrayEquals(
                plaintext,
                decrypt(der, keyId, EncryptionAlgorithm.SM2PKE).plaintext().reveal());
        assertThrows(InvalidCiphertextException.class, () -> decrypt(raw, keyId, EncryptionAlgorithm.SM2PKE));
    }

    @Test
    void sm2CiphertextFromKeysmithIsGmt0009DerThatBouncyCastleOpens() throws Exception {
        String keyId = key(KeySpec.SM2);
        byte[] plaintext = "sm2 secret".getBytes(StandardCharsets.UTF_8);
        byte[] der =
                encrypt(keyId, plaintext, EncryptionAlgorithm.SM2PKE, Map.of()).ciphertext();
        ASN1Sequence cipher = ASN1Sequence.getInstance(der);
        assertEquals(4, cipher.size());
        byte[] hash = ASN1OctetString.getInstance(cipher.getObjectAt(2)).getOctets();
        byte[] body = ASN1OctetString.getInstance(cipher.getObjectAt(3)).getOctets();
        assertEquals(32, hash.length);
        assertEquals(plaintext.length, body.length);
        byte[] raw = new byte[97 + body.length];
        raw[0] = 4;
        BigIntegers.asUnsignedByteArray(
                ASN1Integer.getInstance(cipher.getObjectAt(0)).getValue(), raw, 1, 32);
        BigIntegers.asUnsignedByteArray(
                ASN1Integer.getInstance(cipher.getObjectAt(1)).getValue(), raw, 33, 32);
        System.arraycopy(hash, 0, raw, 65, 32);
        System.arraycopy(body, 0, raw, 97, body.length);
        // Only the private key opens it; the test reads it through the same vault path Decrypt uses.
        try (KeyMaterial material = vaultMaterial(keyId)) {
            ECPrivateKeyParameters privateKey = (ECPrivateKeyParameters)
                    PrivateKeyFactory.createKey(material.secret().reveal());
            SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
            engine.init(false, privateKey);
            assertArrayEquals(plaintext, engine.processBlock(raw, 0, raw.length));
        }
    }

    @Test
    void plaintextLimitsAreAwsRecordedOnes() {
        assertEquals(214, AsymmetricCrypto.maxPlaintext(KeySpec.RSA_2048, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
        assertEquals(190, AsymmetricCrypto.maxPlaintext(KeySpec.RSA_2048, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        assertEquals(342, AsymmetricCrypto.maxPlaintext(KeySpec.RSA_3072, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
        assertEquals(318, AsymmetricCrypto.maxPlaintext(KeySpec.RSA_3072, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        assertEquals(470, AsymmetricCrypto.maxPlaintext(KeySpec.RSA_4096, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
        assertEquals(446, AsymmetricCrypto.maxPlaintext(KeySpec.RSA_4096, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        String keyId = key(KeySpec.RSA_2048);
        assertMessage(
                ValidationException.class,
                "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.",
                () -> encrypt(keyId, bytes(191), EncryptionAlgorithm.RSAES_OAEP_SHA_256, Map.of()));
        String sm2 = key(KeySpec.SM2);
        assertMessage(
                ValidationException.class,
                "Algorithm SM2PKE and key spec SM2 cannot encrypt data larger than 1024 bytes.",
                () -> encrypt(sm2, bytes(1025), EncryptionAlgorithm.SM2PKE, Map.of()));
    }

    @Test
    void algorithmContextAndKeyIdAreRequiredAsAwsDoes() {
        String keyId = key(KeySpec.RSA_3072);
        assertMessage(
                InvalidKeyUsageException.class,
                "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_3072.",
                () -> encrypt(keyId, bytes(10), null, Map.of()));
        assertMessage(
                InvalidKeyUsageException.class,
                "Algorithm SM2PKE is incompatible with key spec RSA_3072.",
                () -> encrypt(keyId, bytes(10), EncryptionAlgorithm.SM2PKE, Map.of()));
        assertMessage(
                ValidationException.class,
                "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.",
                () -> encrypt(keyId, bytes(10), EncryptionAlgorithm.RSAES_OAEP_SHA_1, Map.of("a", "b")));
        byte[] ciphertext = encrypt(keyId, bytes(10), EncryptionAlgorithm.RSAES_OAEP_SHA_1, Map.of())
                .ciphertext();
        assertMessage(
                InvalidKeyUsageException.class,
                "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_3072.",
                () -> decrypt(ciphertext, keyId, null));
        // Without a KeyId the ciphertext is read as a Keysmith blob, which it is not.
        assertMessage(InvalidCiphertextException.class, "", () -> decrypt(ciphertext, null, null));
        String symmetric = keysmith.keys()
                .createKey(new NewKey("s", null, null, null, List.of()))
                .keyId();
        assertMessage(
                InvalidKeyUsageException.class,
                "Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.",
                () -> encrypt(symmetric, bytes(10), EncryptionAlgorithm.RSAES_OAEP_SHA_1, Map.of()));
        assertThrows(
                DryRunOperationException.class,
                () -> crypto.encrypt(new EncryptRequest(
                        keyId, new SecretBytes(bytes(10)), Map.of(), EncryptionAlgorithm.RSAES_OAEP_SHA_1, true)));
    }

    @Test
    void signingKeysAreRefusedForEncryption() {
        String keyId = keysmith.keys()
                .createKey(new NewKey("sign", KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY, null, List.of()))
                .keyId();
        assertMessage(
                InvalidKeyUsageException.class,
                keysmith.location().keyArn(keyId) + " key usage is SIGN_VERIFY which is not valid for Encrypt.",
                () -> encrypt(keyId, bytes(10), EncryptionAlgorithm.RSAES_OAEP_SHA_256, Map.of()));
    }

    @Test
    void reEncryptMovesBetweenSymmetricAndAsymmetricKeys() {
        String rsa = key(KeySpec.RSA_2048);
        String sm2 = key(KeySpec.SM2);
        String symmetric = keysmith.keys()
                .createKey(new NewKey("s", null, null, null, List.of()))
                .keyId();
        byte[] plaintext = "moving".getBytes(StandardCharsets.UTF_8);
        byte[] fromRsa = encrypt(rsa, plaintext, EncryptionAlgorithm.RSAES_OAEP_SHA_256, Map.of())
                .ciphertext();
        ReEncrypted toSm2 = crypto.reEncrypt(new ReEncryptRequest(
                fromRsa,
                Map.of(),
                rsa,
                EncryptionAlgorithm.RSAES_OAEP_SHA_256,
                sm2,
                Map.of(),
                EncryptionAlgorithm.SM2PKE,
                false));
        assertNull(toSm2.sourceMaterialId());
        ReEncrypted toSymmetric = crypto.reEncrypt(new ReEncryptRequest(
                toSm2.destination().ciphertext(),
                Map.of(),
                sm2,
                EncryptionAlgorithm.SM2PKE,
                symmetric,
                Map.of("k", "v"),
                null,
                false));
        Decrypted back = crypto.decrypt(
                new DecryptRequest(toSymmetric.destination().ciphertext(), Map.of("k", "v"), null, null, false), null);
        assertArrayEquals(plaintext, back.plaintext().reveal());
        // A symmetric blob named with an asymmetric source key is not that key's ciphertext.
        assertThrows(
                InvalidCiphertextException.class,
                () -> crypto.reEncrypt(new ReEncryptRequest(
                        toSymmetric.destination().ciphertext(),
                        Map.of(),
                        rsa,
                        EncryptionAlgorithm.RSAES_OAEP_SHA_256,
                        symmetric,
                        Map.of(),
                        null,
                        false)));
        // And a symmetric key named for another key's blob is still IncorrectKeyException.
        String other = keysmith.keys()
                .createKey(new NewKey("o", null, null, null, List.of()))
                .keyId();
        assertThrows(
                IncorrectKeyException.class,
                () -> decrypt(toSymmetric.destination().ciphertext(), other, null));
    }

    private String key(KeySpec spec) {
        return keysmith.keys()
                .createKey(new NewKey("asym", spec, KeyUsage.ENCRYPT_DECRYPT, null, List.of()))
                .keyId();
    }

    /** The key's public key as the key store holds it (public data, as GetPublicKey returns it). */
    private byte[] spki(String keyId) {
        KeyRecord key = stores.keys().find(keyId).orElseThrow();
        return stores.keys()
                .findMaterial(keyId, key.currentMaterialId())
                .orElseThrow()
                .publicKey();
    }

    private PublicKey publicKey(String keyId, String algorithm) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki(keyId)));
    }

    /** The SM2 check needs the private half: opened through the vault, as Decrypt opens it. */
    private KeyMaterial vaultMaterial(String keyId) {
        KeyRecord key = stores.keys().find(keyId).orElseThrow();
        WrappedMaterial wrapped =
                stores.keys().findMaterial(keyId, key.currentMaterialId()).orElseThrow();
        return new MaterialVault(stores.keys(), rootKey, List.of(), randomness)
                .version(keyId, wrapped.materialId())
                .orElseThrow();
    }

    private static OAEPParameterSpec jdkOaep(EncryptionAlgorithm algorithm) {
        return algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1
                ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
                : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    private Encrypted encrypt(
            String keyId, byte[] plaintext, EncryptionAlgorithm algorithm, Map<String, String> context) {
        return crypto.encrypt(new EncryptRequest(keyId, new SecretBytes(plaintext.clone()), context, algorithm, false));
    }

    private Decrypted decrypt(byte[] ciphertext, String keyId, EncryptionAlgorithm algorithm) {
        return crypto.decrypt(new DecryptRequest(ciphertext, Map.of(), keyId, algorithm, false), null);
    }

    private byte[] bytes(int count) {
        byte[] out = new byte[count];
        randomness.generator().nextBytes(out);
        return out;
    }

    private static void assertMessage(Class<? extends KmsException> type, String message, Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }
}
