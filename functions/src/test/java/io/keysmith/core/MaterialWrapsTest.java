package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wrap format 2: a wrapping key derived per material, AES-256-GCM in the JVM. */
class MaterialWrapsTest {
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String MATERIAL_ID = "ab".repeat(32);
    private final Randomness randomness = new Randomness();
    private final List<String> derivations = new ArrayList<>();
    private final RootKey inner = new InMemoryPorts.Root(randomness);
    private final RootKey root = new RootKey() {
        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public SecretBytes derive(byte[] label, byte[] context) {
            derivations.add(new String(label, StandardCharsets.US_ASCII) + "|"
                    + new String(context, StandardCharsets.US_ASCII));
            return inner.derive(label, context);
        }
    };

    private WrappedMaterial stored(byte[] wrapped, String keyId, String materialId, int format) {
        return new WrappedMaterial(keyId, materialId, wrapped, root.id(), format, Instant.now(), null, null);
    }

    @Test
    void wrapsUnderAKeyDerivedForThisMaterialAndOpensAgain() {
        byte[] material = randomness.bytes(32);
        byte[] wrapped = MaterialWraps.wrap(
                root, KEY_ID, MATERIAL_ID, new SecretBytes(material.clone()), randomness.generator());
        assertEquals(AesGcm.IV_LENGTH + 32 + AesGcm.TAG_LENGTH, wrapped.length);
        assertArrayEquals(
                material,
                MaterialWraps.unwrap(root, stored(wrapped, KEY_ID, MATERIAL_ID, 2))
                        .reveal());
        assertEquals(
                List.of(
                        "keysmith/v2/material-wrap|" + KEY_ID + ":" + MATERIAL_ID,
                        "keysmith/v2/material-wrap|" + KEY_ID + ":" + MATERIAL_ID),
                derivations);
    }

    @Test
    void aWrapOpensOnlyAsTheMaterialItWasMadeFor() {
        byte[] wrapped = MaterialWraps.wrap(
                root, KEY_ID, MATERIAL_ID, new SecretBytes(randomness.bytes(32)), randomness.generator());
        String otherMaterial = "cd".repeat(32);
        assertThrows(
                AesGcm.NotAuthenticException.class,
                () -> MaterialWraps.unwrap(root, stored(wrapped, KEY_ID, otherMaterial, 2)));
        byte[] altered = wrapped.clone();
        altered[altered.length - 1] ^= 1;
        assertThrows(
                AesGcm.NotAuthenticException.class,
                () -> MaterialWraps.unwrap(root, stored(altered, KEY_ID, MATERIAL_ID, 2)));
        assertThrows(
                AesGcm.NotAuthenticException.class,
                () -> MaterialWraps.unwrap(
                        new InMemoryPorts.Root(randomness), stored(wrapped, KEY_ID, MATERIAL_ID, 2)));
    }

    @Test
    void formatOneGoesToTheRootKeyAndAnUnknownFormatIsRefused() {
        IllegalStateException noFormat1 = assertThrows(
                IllegalStateException.class,
                () -> MaterialWraps.unwrap(root, stored(new byte[40], KEY_ID, MATERIAL_ID, 1)));
        assertTrue(noFormat1.getMessage().contains("has no key that opens wrap format 1"), noFormat1.getMessage());
        IllegalStateException unknown = assertThrows(
                IllegalStateException.class,
                () -> MaterialWraps.unwrap(root, stored(new byte[40], KEY_ID, MATERIAL_ID, 3)));
        assertTrue(unknown.getMessage().contains("wrap format 3"), unknown.getMessage());
    }
}
