package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.AccessDeniedException;
import io.keysmith.core.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Grants for GenerateMac, VerifyMac and DeriveSharedSecret and asymmetric Encrypt: a grant of the operation lets its
 * grantee (of another account, whom the default key policy does not name) call it, and nothing else; CreateGrant refuses operations that
 * do not fit the key's type, as AWS does.
 */
@ExtendWith(AsAccountRoot.class)
class NewOperationGrantsTest {
    /** Of another account: no key policy names it, so only a grant lets it in. */
    private static final String APP = "arn:aws:iam::444455556666:role/App";

    private final Keysmith keysmith = InMemoryPorts.keysmith();

    @AfterEach
    void backToRoot() {
        CallScope.close();
        CallScope.open(TestCallers.ROOT, List.of());
    }

    @Test
    void aGenerateMacGrantAllowsGenerateMacOnly() {
        String keyId = key(KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC);
        grant(keyId, List.of("GenerateMac"));
        asApp();
        MacResult mac = keysmith.macs().generateMac(macRequest(keyId));
        assertEquals(32, mac.mac().length);
        assertThrows(AccessDeniedException.class, () -> keysmith.macs().verifyMac(macRequest(keyId), mac.mac()));
    }

    @Test
    void anAsymmetricEncryptGrantAllowsEncrypt() {
        String keyId = key(KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);
        grant(keyId, List.of("Encrypt"));
        asApp();
        Encrypted encrypted = keysmith.crypto()
                .encrypt(new EncryptRequest(
                        keyId,
                        new SecretBytes(new byte[] {1, 2, 3}),
                        java.util.Map.of(),
                        EncryptionAlgorithm.RSAES_OAEP_SHA_256,
                        false));
        assertEquals(256, encrypted.ciphertext().length);
        assertThrows(
                AccessDeniedException.class,
                () -> keysmith.crypto()
                        .decrypt(
                                new DecryptRequest(
                                        encrypted.ciphertext(),
                                        java.util.Map.of(),
                                        keyId,
                                        EncryptionAlgorithm.RSAES_OAEP_SHA_256,
                                        false),
                                null));
    }

    @Test
    void operationsMustFitTheKeyType() {
        String mac = key(KeySpec.HMAC_384, KeyUsage.GENERATE_VERIFY_MAC);
        assertThrows(ValidationException.class, () -> grant(mac, List.of("DeriveSharedSecret")));
        String agreement = key(KeySpec.ECC_NIST_P384, KeyUsage.KEY_AGREEMENT);
        assertThrows(ValidationException.class, () -> grant(agreement, List.of("GenerateMac")));
        grant(agreement, List.of("DeriveSharedSecret"));
        asApp();
        // The grant lets the call through to the peer-key check, which a non-key fails.
        assertThrows(
                ValidationException.class,
                () -> keysmith.keyAgreement()
                        .deriveSharedSecret(
                                new SharedSecretRequest(agreement, KeyAgreementAlgorithm.ECDH, new byte[] {1}, false),
                                null));
    }

    private void asApp() {
        CallScope.close();
        CallScope.open(Caller.of(APP, "127.0.0.1", false), List.of());
    }

    /** The key's ARN: another account's caller names keys by ARN. */
    private String key(KeySpec spec, KeyUsage usage) {
        String keyId = keysmith.keys()
                .createKey(new NewKey("k", spec, usage, null, List.of()))
                .keyId();
        return keysmith.location().keyArn(keyId);
    }

    private void grant(String keyId, List<String> operations) {
        keysmith.grants().createGrant(new NewGrant(keyId, APP, null, operations, null, null, false), "111122223333");
    }

    private static MacRequest macRequest(String keyId) {
        return new MacRequest(
                keyId, new SecretBytes("m".getBytes(StandardCharsets.UTF_8)), MacAlgorithm.HMAC_SHA_256, false);
    }
}
