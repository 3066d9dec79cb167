package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.InvalidCiphertextException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DataSealerTest {
    private final Randomness randomness = new Randomness();
    private final DataSealer sealer = new DataSealer(randomness);
    private final KeyMaterial material =
            new KeyMaterial(HexFormat.of().formatHex(randomness.bytes(32)), new SecretBytes(randomness.bytes(32)));
    private final UUID keyId = UUID.randomUUID();
    private final byte[] context = EncryptionContext.canonical(Map.of("purpose", "test"));
    private final byte[] plaintext = "a PKCS#8 private key".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsAndNamesKeyAndMaterialInTheHeader() {
        byte[] blob = sealer.seal(material, keyId, context, plaintext);
        CiphertextBlob parsed = CiphertextBlob.parse(blob);
        assertEquals(keyId, parsed.keyId());
        assertEquals(material.materialId(), parsed.materialIdHex());
        assertEquals(CiphertextBlob.HEADER_LENGTH + plaintext.length + CiphertextBlob.TAG_LENGTH, blob.length);
        assertArrayEquals(plaintext, sealer.open(material, parsed, context).reveal());
    }

    @Test
    void twoSealsOfTheSamePlaintextDiffer() {
        assertFalse(Arrays.equals(
                sealer.seal(material, keyId, context, plaintext), sealer.seal(material, keyId, context, plaintext)));
    }

    @Test
    void changingAnySingleByteIsRejectedWithAnEmptyMessage() {
        byte[] blob = sealer.seal(material, keyId, context, plaintext);
        for (int i = 0; i < blob.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] tampered = blob.clone();
                tampered[i] ^= (byte) flip;
                InvalidCiphertextException e = assertThrows(
                        InvalidCiphertextException.class,
                        () -> sealer.open(material, CiphertextBlob.parse(tampered), context),
                        "byte " + i);
                assertEquals("", e.getMessage());
            }
        }
    }

    @Test
    void truncatedOrExtendedBlobsAreRejected() {
        byte[] blob = sealer.seal(material, keyId, context, plaintext);
        for (int length = 0; length < blob.length; length++) {
            byte[] truncated = Arrays.copyOf(blob, length);
            assertThrows(
                    InvalidCiphertextException.class,
                    () -> sealer.open(material, CiphertextBlob.parse(truncated), context));
        }
        byte[] extended = Arrays.copyOf(blob, blob.length + 1);
        assertThrows(
                InvalidCiphertextException.class, () -> sealer.open(material, CiphertextBlob.parse(extended), context));
    }

    @Test
    void wrongOrMissingContextOrMaterialIsRejected() {
        CiphertextBlob blob = CiphertextBlob.parse(sealer.seal(material, keyId, context, plaintext));
        assertThrows(
                InvalidCiphertextException.class,
                () -> sealer.open(material, blob, EncryptionContext.canonical(Map.of("purpose", "other"))));
        assertThrows(InvalidCiphertextException.class, () -> sealer.open(material, blob, new byte[0]));
        KeyMaterial other = new KeyMaterial(material.materialId(), new SecretBytes(randomness.bytes(32)));
        assertThrows(InvalidCiphertextException.class, () -> sealer.open(other, blob, context));
    }

    @Test
    void unknownVersionIsRejected() {
        byte[] blob = sealer.seal(material, keyId, context, plaintext);
        blob[0] = 2;
        assertThrows(InvalidCiphertextException.class, () -> CiphertextBlob.parse(blob));
    }
}
