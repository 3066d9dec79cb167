package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.AlibabaCrypto.Version;
import io.keysmith.core.errors.DisabledException;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Alibaba instance API's semantics on Keysmith's keys: initial and primary versions, Aad, its own ciphertexts. */
@ExtendWith(AsAccountRoot.class)
class AlibabaCryptoTest {
    private static final byte[] AAD = "tenant=acme".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.UTF_8);

    private final Keysmith keysmith = InMemoryPorts.keysmith();
    private final AlibabaCrypto alibaba = AlibabaCrypto.of(keysmith);
    private final String keyId = keysmith.keys()
            .createKey(new NewKey(null, null, null, null, List.of()))
            .keyId();

    @Test
    void plainOperationsUseTheInitialVersionBeforeAndAfterRotation() {
        AlibabaCrypto.Sealed before = alibaba.encrypt(keyId, Version.INITIAL, MESSAGE, AAD);
        String initial = before.materialId();
        keysmith.rotations().rotateKeyOnDemand(keyId);
        AlibabaCrypto.Sealed after = alibaba.encrypt(keyId, Version.INITIAL, MESSAGE, AAD);
        assertEquals(initial, after.materialId());
        AlibabaCrypto.Sealed primary = alibaba.encrypt(keyId, Version.PRIMARY, MESSAGE, AAD);
        assertNotEquals(initial, primary.materialId());
        assertEquals(keysmith.keys().describeKey(keyId).currentMaterialId(), primary.materialId());

        assertArrayEquals(MESSAGE, open(Version.INITIAL, before, AAD));
        assertArrayEquals(MESSAGE, open(Version.PRIMARY, before, AAD)); // AdvanceDecrypt opens plain ones too
        assertArrayEquals(MESSAGE, open(Version.PRIMARY, primary, AAD));
        assertThrows(InvalidCiphertextException.class, () -> open(Version.INITIAL, primary, AAD));
    }

    @Test
    void aWrongAadIvOrKeyOpensNothing() {
        AlibabaCrypto.Sealed sealed = alibaba.encrypt(keyId, Version.INITIAL, MESSAGE, AAD);
        assertThrows(InvalidCiphertextException.class, () -> open(Version.INITIAL, sealed, "other".getBytes()));
        assertThrows(InvalidCiphertextException.class, () -> open(Version.INITIAL, sealed, new byte[0]));
        byte[] iv = sealed.iv().clone();
        iv[0] ^= 1;
        assertThrows(
                InvalidCiphertextException.class,
                () -> alibaba.decrypt(keyId, Version.INITIAL, sealed.ciphertextBlob(), iv, AAD));
        String other = keysmith.keys()
                .createKey(new NewKey(null, null, null, null, List.of()))
                .keyId();
        assertThrows(
                InvalidCiphertextException.class,
                () -> alibaba.decrypt(other, Version.INITIAL, sealed.ciphertextBlob(), sealed.iv(), AAD));
    }

    @Test
    void theTwoApisCiphertextsDoNotMix() {
        Encrypted aws = keysmith.crypto()
                .encrypt(new EncryptRequest(keyId, new SecretBytes(MESSAGE.clone()), Map.of(), null, false));
        assertThrows(
                InvalidCiphertextException.class,
                () -> alibaba.decrypt(null, Version.PRIMARY, aws.ciphertext(), new byte[12], new byte[0]));
        AlibabaCrypto.Sealed sealed = alibaba.encrypt(keyId, Version.INITIAL, MESSAGE, new byte[0]);
        assertThrows(
                InvalidCiphertextException.class,
                () -> keysmith.crypto()
                        .decrypt(new DecryptRequest(sealed.ciphertextBlob(), Map.of(), null, null, false), null));
    }

    @Test
    void theKeyPairsPrivateKeyIsSealedAsEncoded() {
        AlibabaCrypto.SealedKeyPair pair = alibaba.generateDataKeyPair(
                "GenerateDataKeyPair",
                keyId,
                Version.PRIMARY,
                DataKeyPairSpec.ECC_SECG_P256K1,
                AAD,
                pkcs8 -> ("PEM:" + java.util.Base64.getEncoder().encodeToString(pkcs8))
                        .getBytes(StandardCharsets.US_ASCII));
        byte[] opened = open(Version.PRIMARY, pair.sealed(), AAD);
        assertArrayEquals(pair.privateKey().reveal(), opened);
        assertEquals("PEM:", new String(opened, 0, 4, StandardCharsets.US_ASCII));
    }

    @Test
    void stateAndUsageAreChecked() {
        keysmith.keys().disableKey(keyId);
        assertThrows(DisabledException.class, () -> alibaba.encrypt(keyId, Version.INITIAL, MESSAGE, AAD));
        String signing = keysmith.keys()
                .createKey(new NewKey(null, KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, null, List.of()))
                .keyId();
        assertThrows(InvalidKeyUsageException.class, () -> alibaba.generateDataKey(signing, Version.INITIAL, 32, AAD));
    }

    private byte[] open(Version version, AlibabaCrypto.Sealed sealed, byte[] aad) {
        return alibaba.decrypt(null, version, sealed.ciphertextBlob(), sealed.iv(), aad)
                .plaintext()
                .reveal();
    }
}
