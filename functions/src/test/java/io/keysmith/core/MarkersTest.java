package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.errors.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pagination markers: sealed under a key the root key derives for markers alone, derived once. */
@org.junit.jupiter.api.extension.ExtendWith(AsAccountRoot.class)
class MarkersTest {
    private final Randomness randomness = new Randomness();

    /** Records each derivation, and fails them all once {@code down} is set, as an HSM that went away. */
    private static final class WatchedRoot implements RootKey {
        final RootKey inner;
        final List<String> labels = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;

        WatchedRoot(Randomness randomness) {
            this.inner = new InMemoryPorts.Root(randomness);
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public SecretBytes derive(byte[] label, byte[] context) {
            if (down) {
                throw new IllegalStateException("root key operation failed in the HSM: CKR_DEVICE_ERROR");
            }
            calls.incrementAndGet();
            labels.add(new String(label, StandardCharsets.US_ASCII) + "|"
                    + new String(context, StandardCharsets.US_ASCII));
            return inner.derive(label, context);
        }
    }

    @Test
    void markersAreSealedWithAKeyDerivedOnceForMarkersAlone() {
        WatchedRoot root = new WatchedRoot(randomness);
        Markers markers = new Markers(root, randomness);
        for (int i = 0; i < 10; i++) {
            String marker = markers.encode("keys", "item-" + i);
            assertEquals("item-" + i, markers.decode("keys", marker));
        }
        assertEquals(1, root.calls.get(), "derived once per process, not per request");
        assertEquals(List.of("keysmith/v1/marker-key|"), root.labels);
        assertNotEquals(markers.encode("keys", "same"), markers.encode("keys", "same"), "a fresh IV each time");
    }

    @Test
    void aForgedOrEditedMarkerIsAValidationExceptionWithTheSameMessageAsBefore() {
        Markers markers = new Markers(new InMemoryPorts.Root(randomness), randomness);
        String genuine = markers.encode("keys", "abc");
        byte[] edited = Base64.getUrlDecoder().decode(genuine);
        edited[edited.length - 1] ^= 1;
        String editedMarker = Base64.getUrlEncoder().withoutPadding().encodeToString(edited);
        String forged =
                Base64.getUrlEncoder().withoutPadding().encodeToString("keys:abc".getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of(editedMarker, forged, "not base64 !", "", genuine + "x")) {
            ValidationException e = assertThrows(ValidationException.class, () -> markers.decode("keys", bad), bad);
            assertEquals("Could not deserialize marker '" + bad + "'", e.getMessage());
        }
        assertThrows(ValidationException.class, () -> markers.decode("aliases", genuine), "a marker of another list");
        Markers otherDeployment = new Markers(new InMemoryPorts.Root(randomness), randomness);
        assertThrows(ValidationException.class, () -> otherDeployment.decode("keys", genuine));
    }

    @Test
    void aRootKeyFailureWhileOpeningAMarkerIsNotTheCallersFault() {
        WatchedRoot root = new WatchedRoot(randomness);
        String genuine = new Markers(new InMemoryPorts.Root(randomness), randomness).encode("keys", "abc");
        root.down = true;
        Markers markers = new Markers(root, randomness);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> markers.decode("keys", genuine));
        assertFalse(((Object) e) instanceof ValidationException, "not the caller's 400");
        assertTrue(e.getMessage().contains("CKR_DEVICE_ERROR"), e.getMessage());

        root.down = false;
        String marker = markers.encode("keys", "abc");
        root.down = true;
        assertEquals("abc", markers.decode("keys", marker), "the derived key is kept: no HSM call per request");
    }

    @Test
    void theMarkerKeyIsNotAMaterialWrappingKey() {
        WatchedRoot root = new WatchedRoot(randomness);
        Keysmith keysmith = new Keysmith(
                new InMemoryPorts.Keys(),
                new InMemoryPorts.Aliases(new InMemoryPorts.Keys()),
                root,
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                java.time.Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            keysmith.keys().createKey(new NewKey(null, null, null, null, List.of()));
        }
        String marker = keysmith.keys().listKeys(1, null).nextMarker();
        assertTrue(marker != null);
        assertEquals(
                1L,
                root.labels.stream()
                        .filter(l -> l.startsWith("keysmith/v1/marker-key|"))
                        .count());
        assertTrue(
                root.labels.stream()
                        .filter(l -> !l.startsWith("keysmith/v1/marker-key|"))
                        .allMatch(l -> l.startsWith("keysmith/v2/material-wrap|")),
                root.labels.toString());
    }
}
