package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RootKey}, which every implementation must keep: a subclass gives a root key,
 * the same root key opened again, and another root key. derive(label, context) is a PRF: 32 bytes, the
 * same for the same label and context, other bytes for another label, another context or another root
 * key; the id names the root key and survives a reopen; material wrapped with it opens with it alone.
 */
public abstract class RootKeyContract {
    private static final byte[] LABEL = ascii("keysmith/test/contract");
    private static final byte[] OTHER_LABEL = ascii("keysmith/test/contract-other");
    private static final byte[] CONTEXT = ascii("1234abcd-12ab-34cd-56ef-1234567890ab:material");

    /** The root key under test. Each call may open it again, but it is always the same root key. */
    protected abstract RootKey rootKey();

    /** The same root key as {@link #rootKey()}, opened again: another instance, as after a restart. */
    protected abstract RootKey reopened();

    /** A root key other than {@link #rootKey()}, of the same kind. */
    protected abstract RootKey another();

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] derive(RootKey rootKey, byte[] label, byte[] context) {
        try (SecretBytes derived = rootKey.derive(label, context)) {
            return derived.reveal().clone();
        }
    }

    @Test
    public void deriveGives32BytesTheSameEveryTime() {
        RootKey rootKey = rootKey();
        byte[] first = derive(rootKey, LABEL, CONTEXT);
        assertEquals(32, first.length);
        assertFalse(Arrays.equals(new byte[32], first), "all zero");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first, derive(rootKey, LABEL, CONTEXT));
        }
    }

    @Test
    public void closingADerivedKeyLeavesTheRootKeyWhole() {
        RootKey rootKey = rootKey();
        byte[] expected = derive(rootKey, LABEL, CONTEXT);
        SecretBytes derived = rootKey.derive(LABEL, CONTEXT);
        derived.close();
        assertArrayEquals(
                expected, derive(rootKey, LABEL, CONTEXT), "the caller's close changed what the root key derives");
    }

    @Test
    public void anotherLabelOrContextDerivesAnotherKey() {
        // Given
        RootKey rootKey = rootKey();
        List<byte[][]> inputs = List.of(
                new byte[][] {LABEL, CONTEXT},
                new byte[][] {OTHER_LABEL, CONTEXT},
                new byte[][] {LABEL, ascii("1234abcd-12ab-34cd-56ef-1234567890ab:materiaL")},
                new byte[][] {LABEL, new byte[0]},
                new byte[][] {new byte[0], CONTEXT},
                new byte[][] {new byte[0], new byte[0]},
                // the label's length prefix keeps the label and the context apart
                new byte[][] {ascii("ab"), ascii("c")},
                new byte[][] {ascii("a"), ascii("bc")},
                new byte[][] {ascii("abc"), new byte[0]},
                new byte[][] {new byte[0], ascii("abc")});

        // When
        Set<String> derived = new HashSet<>();
        for (byte[][] input : inputs) {
            derived.add(HexFormat.of().formatHex(derive(rootKey, input[0], input[1])));
        }

        // Then
        assertEquals(inputs.size(), derived.size(), "two inputs derived the same key");
    }

    @Test
    public void aLabelLongerThanItsLengthPrefixIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> rootKey().derive(new byte[0x10000], CONTEXT));
    }

    @Test
    public void theIdAndTheDerivedKeysSurviveAReopen() {
        RootKey rootKey = rootKey();
        String id = rootKey.id();
        byte[] derived = derive(rootKey, LABEL, CONTEXT);

        RootKey again = reopened();
        assertFalse(id.isBlank());
        assertEquals(id, again.id());
        assertEquals(id, rootKey.id());
        assertArrayEquals(derived, derive(again, LABEL, CONTEXT));
    }

    @Test
    public void anotherRootKeyHasAnotherIdAndDerivesOtherKeys() {
        RootKey rootKey = rootKey();
        RootKey other = another();
        assertNotEquals(rootKey.id(), other.id());
        assertFalse(Arrays.equals(derive(rootKey, LABEL, CONTEXT), derive(other, LABEL, CONTEXT)));
        assertFalse(Arrays.equals(derive(rootKey, LABEL, new byte[0]), derive(other, LABEL, new byte[0])));
    }

    /** What MaterialWraps asks of a root key; the wrap's binding to its key and material is MaterialWrapsTest's. */
    @Test
    public void materialWrappedWithTheRootKeyOpensWithItAfterAReopenAndWithNoOtherRootKey() {
        // Given
        String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
        String materialId = "ab".repeat(32);
        byte[] secret = new Randomness().bytes(32);
        RootKey rootKey = rootKey();
        byte[] wrapped;
        try (SecretBytes material = new SecretBytes(secret.clone())) {
            wrapped = MaterialWraps.wrap(rootKey, keyId, materialId, material, new SecureRandom());
        }
        WrappedMaterial stored = new WrappedMaterial(
                keyId, materialId, wrapped, rootKey.id(), MaterialWraps.CURRENT, Instant.now(), null, null);

        // When / Then
        try (SecretBytes opened = MaterialWraps.unwrap(reopened(), stored)) {
            assertArrayEquals(secret, opened.reveal());
        }
        assertThrows(AesGcm.NotAuthenticException.class, () -> MaterialWraps.unwrap(another(), stored));
    }
}
