package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.DisabledException;
import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.InvalidKeyUsageException;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.KmsInvalidMacException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(AsAccountRoot.class)
class MacServiceTest {
    private final Keysmith keysmith = InMemoryPorts.keysmith();
    private final MacService macs = keysmith.macs();

    /** RFC 4231 test cases 1 and 2, for each HMAC that KMS offers. */
    @Test
    void productionHmacMatchesRfc4231() {
        byte[] key1 = new byte[20];
        Arrays.fill(key1, (byte) 0x0b);
        byte[] data1 = "Hi There".getBytes(StandardCharsets.US_ASCII);
        byte[] key2 = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data2 = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertHmac(MacAlgorithm.HMAC_SHA_224, key1, data1, "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22");
        assertHmac(
                MacAlgorithm.HMAC_SHA_256,
                key1,
                data1,
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertHmac(
                MacAlgorithm.HMAC_SHA_384,
                key1,
                data1,
                "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
        assertHmac(
                MacAlgorithm.HMAC_SHA_512,
                key1,
                data1,
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                        + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
        assertHmac(MacAlgorithm.HMAC_SHA_224, key2, data2, "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44");
        assertHmac(
                MacAlgorithm.HMAC_SHA_256,
                key2,
                data2,
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertHmac(
                MacAlgorithm.HMAC_SHA_384,
                key2,
                data2,
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
        assertHmac(
                MacAlgorithm.HMAC_SHA_512,
                key2,
                data2,
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                        + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    }

    /** The production HMAC against BouncyCastle's, with a key of each spec's size. */
    @ParameterizedTest
    @EnumSource(MacAlgorithm.class)
    void productionHmacMatchesBouncyCastle(MacAlgorithm algorithm) {
        byte[] key = new byte[algorithm.keySpec().hmacBits() / 8];
        new Randomness().generator().nextBytes(key);
        byte[] message = "webhook body".getBytes(StandardCharsets.UTF_8);
        HMac reference = new HMac(
                switch (algorithm) {
                    case HMAC_SHA_224 -> new SHA224Digest();
                    case HMAC_SHA_256 -> new SHA256Digest();
                    case HMAC_SHA_384 -> new SHA384Digest();
                    case HMAC_SHA_512 -> new SHA512Digest();
                });
        reference.init(new KeyParameter(key));
        reference.update(message, 0, message.length);
        byte[] expected = new byte[reference.getMacSize()];
        reference.doFinal(expected, 0);
        assertArrayEquals(expected, MacService.hmac(algorithm, key, message));
    }

    @ParameterizedTest
    @EnumSource(MacAlgorithm.class)
    void generatedMacVerifiesAndIsDeterministic(MacAlgorithm algorithm) {
        String keyId = macKey(algorithm.keySpec());
        MacResult first = macs.generateMac(request(keyId, "message", algorithm, false));
        MacResult second = macs.generateMac(request(keyId, "message", algorithm, false));
        assertArrayEquals(first.mac(), second.mac());
        assertEquals(digestBytes(algorithm), first.mac().length);
        assertEquals(keysmith.location().keyArn(keyId), first.keyArn());
        assertEquals(first.keyArn(), macs.verifyMac(request(keyId, "message", algorithm, false), first.mac()));
    }

    @Test
    void aTamperedMacOrMessageFailsWithKmsInvalidMac() {
        String keyId = macKey(KeySpec.HMAC_256);
        byte[] mac = macs.generateMac(request(keyId, "message", MacAlgorithm.HMAC_SHA_256, false))
                .mac();
        byte[] flipped = mac.clone();
        flipped[0] ^= 1;
        assertMessage(
                KmsInvalidMacException.class,
                "",
                () -> macs.verifyMac(request(keyId, "message", MacAlgorithm.HMAC_SHA_256, false), flipped));
        assertMessage(
                KmsInvalidMacException.class,
                "",
                () -> macs.verifyMac(request(keyId, "messagE", MacAlgorithm.HMAC_SHA_256, false), mac));
        byte[] truncated = Arrays.copyOf(mac, 16);
        assertThrows(
                KmsInvalidMacException.class,
                () -> macs.verifyMac(request(keyId, "message", MacAlgorithm.HMAC_SHA_256, false), truncated));
    }

    @Test
    void twoKeysGiveDifferentMacs() {
        MacResult a = macs.generateMac(request(macKey(KeySpec.HMAC_256), "m", MacAlgorithm.HMAC_SHA_256, false));
        MacResult b = macs.generateMac(request(macKey(KeySpec.HMAC_256), "m", MacAlgorithm.HMAC_SHA_256, false));
        assertEquals(false, Arrays.equals(a.mac(), b.mac()));
    }

    @Test
    void usageAndAlgorithmAreCheckedInAwsWords() {
        String symmetric = keysmith.keys()
                .createKey(new NewKey("s", null, null, null, List.of()))
                .keyId();
        String arn = keysmith.location().keyArn(symmetric);
        assertMessage(
                InvalidKeyUsageException.class,
                arn + " key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.",
                () -> macs.generateMac(request(symmetric, "m", MacAlgorithm.HMAC_SHA_224, false)));
        String hmac224 = macKey(KeySpec.HMAC_224);
        assertMessage(
                InvalidKeyUsageException.class,
                "Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.",
                () -> macs.generateMac(request(hmac224, "m", MacAlgorithm.HMAC_SHA_256, false)));
        assertMessage(
                InvalidKeyUsageException.class,
                "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_224.",
                () -> macs.verifyMac(request(hmac224, "m", MacAlgorithm.HMAC_SHA_512, false), new byte[64]));
    }

    @Test
    void dryRunAndStateComeInOrder() {
        String keyId = macKey(KeySpec.HMAC_384);
        assertThrows(
                DryRunOperationException.class,
                () -> macs.generateMac(request(keyId, "m", MacAlgorithm.HMAC_SHA_384, true)));
        keysmith.keys().disableKey(keyId);
        assertThrows(
                DisabledException.class, () -> macs.generateMac(request(keyId, "m", MacAlgorithm.HMAC_SHA_384, true)));
    }

    private String macKey(KeySpec spec) {
        return keysmith.keys()
                .createKey(new NewKey("mac", spec, KeyUsage.GENERATE_VERIFY_MAC, null, List.of()))
                .keyId();
    }

    private static MacRequest request(String keyId, String message, MacAlgorithm algorithm, boolean dryRun) {
        return new MacRequest(keyId, new SecretBytes(message.getBytes(StandardCharsets.UTF_8)), algorithm, dryRun);
    }

    private static int digestBytes(MacAlgorithm algorithm) {
        return Integer.parseInt(algorithm.name().substring("HMAC_SHA_".length())) / 8;
    }

    private static void assertHmac(MacAlgorithm algorithm, byte[] key, byte[] data, String hex) {
        assertEquals(hex, HexFormat.of().formatHex(MacService.hmac(algorithm, key, data)), algorithm.name());
    }

    private static void assertMessage(
            Class<? extends KmsException> type, String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }
}
