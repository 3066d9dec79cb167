package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Moving material between root keys: verified before each write, verified after the run, never lost. */
@org.junit.jupiter.api.extension.ExtendWith(AsAccountRoot.class)
class RootKeyMigrationTest {
    private final Randomness randomness = new Randomness();
    private final InMemoryPorts.Keys keys = new InMemoryPorts.Keys();
    private final RootKey from = new InMemoryPorts.Root("root-a", randomness);
    private final RootKey to = new InMemoryPorts.Root("root-b", randomness);
    private final List<String> progress = new ArrayList<>();

    private Keysmith keysmith(RootKey current, RootKey... earlier) {
        return new Keysmith(
                keys,
                new InMemoryPorts.Aliases(keys),
                current,
                List.of(earlier),
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                Clock.systemUTC());
    }

    private record Blob(byte[] ciphertext, byte[] plaintext, Map<String, String> context) {}

    private Blob encrypt(Keysmith keysmith, String keyId, Map<String, String> context) {
        byte[] plaintext = randomness.bytes(20);
        EncryptRequest request = new EncryptRequest(keyId, new SecretBytes(plaintext.clone()), context, null, false);
        return new Blob(keysmith.crypto().encrypt(request).ciphertext(), plaintext, context);
    }

    /** Five keys under {@code from}, one of them rotated, and a blob under each material. */
    private List<Blob> blobsUnderFrom() {
        Keysmith keysmith = keysmith(from);
        List<Blob> blobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            KeyRecord key = keysmith.keys().createKey(new NewKey(null, null, null, null, List.of()));
            blobs.add(encrypt(keysmith, key.keyId(), Map.of("n", "" + i)));
            if (i == 0) {
                keysmith.rotations().rotateKeyOnDemand(key.keyId());
                blobs.add(encrypt(keysmith, key.keyId(), Map.of("rotated", "yes")));
            }
        }
        return blobs;
    }

    private static void assertAllDecrypt(Keysmith keysmith, List<Blob> blobs) {
        for (Blob blob : blobs) {
            DecryptRequest request = new DecryptRequest(blob.ciphertext(), blob.context(), null, null, false);
            assertArrayEquals(
                    blob.plaintext(),
                    keysmith.crypto().decrypt(request, null).plaintext().reveal());
        }
    }

    private List<WrappedMaterial> stored() {
        return List.copyOf(keys.materials.values());
    }

    @Test
    void movesEveryMaterialVerifiesItAndEveryBlobStillDecrypts() {
        List<Blob> blobs = blobsUnderFrom();
        RootKeyMigration.Result result = new RootKeyMigration(keys, from, to, randomness).run(progress::add);
        assertEquals(new RootKeyMigration.Result(5, 6, 0, 6), result);
        assertTrue(stored().stream()
                .allMatch(m -> m.rootKeyId().equals("root-b") && m.wrapFormat() == MaterialWraps.CURRENT));
        assertEquals(
                "done: 5 keys, 6 materials rewrapped, 0 already under root-b, 6 materials verified",
                progress.get(progress.size() - 1));
        assertAllDecrypt(keysmith(to), blobs);

        progress.clear();
        assertEquals(
                new RootKeyMigration.Result(5, 0, 6, 6),
                new RootKeyMigration(keys, from, to, randomness).run(progress::add));
    }

    @Test
    void aCorruptNewWrapStopsTheRunBeforeAnythingIsWrittenAndEveryBlobStillDecrypts() {
        List<Blob> blobs = blobsUnderFrom();
        List<WrappedMaterial> before = stored();

        RootKeyMigration.MigrationException stopped = assertThrows(
                RootKeyMigration.MigrationException.class,
                () -> new RootKeyMigration(keys, from, CorruptingRootKey.of(to), randomness).run(progress::add));
        assertTrue(stopped.getMessage().startsWith("stopped before writing key "), stopped.getMessage());
        assertTrue(
                stopped.getMessage()
                        .contains("its new wrap under root-b does not open to the same material. "
                                + "Nothing was written for it"),
                stopped.getMessage());
        assertTrue(progress.isEmpty(), "nothing rewrapped: " + progress);

        List<WrappedMaterial> after = stored();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), after.get(i), "the store is untouched");
        }
        assertAllDecrypt(keysmith(from), blobs);
        assertAllDecrypt(keysmith(to, from), blobs);
    }

    @Test
    void aDryRunSaysWhatWouldChangeAndWritesNothing() {
        List<Blob> blobs = blobsUnderFrom();
        List<WrappedMaterial> before = stored();
        RootKeyMigration.Result planned = new RootKeyMigration(keys, from, to, randomness).dryRun(progress::add);
        assertEquals(new RootKeyMigration.Result(5, 6, 0, 0), planned);
        assertEquals(
                6,
                progress.stream()
                        .filter(l -> l.startsWith("would rewrap ") && l.endsWith("-> root-b (format 2)"))
                        .count(),
                String.join("\n", progress));
        assertEquals(
                "dry run: 5 keys, 6 materials would be rewrapped, 0 already under root-b in wrap format 2; "
                        + "nothing was written",
                progress.get(progress.size() - 1));
        assertEquals(before, stored());
        assertAllDecrypt(keysmith(from), blobs);
    }

    @Test
    void aDryRunStopsAtMaterialThatDoesNotOpen() {
        blobsUnderFrom();
        RootKey impostor = new InMemoryPorts.Root("root-a", randomness);
        RootKeyMigration.MigrationException stopped = assertThrows(
                RootKeyMigration.MigrationException.class,
                () -> new RootKeyMigration(keys, impostor, to, randomness).dryRun(progress::add));
        assertTrue(
                stopped.getMessage().contains("does not open with root-a; nothing was written for it"),
                stopped.getMessage());
    }

    @Test
    void materialUnderAThirdRootKeyStopsTheRun() {
        blobsUnderFrom();
        RootKey other = new InMemoryPorts.Root("root-c", randomness);
        RootKeyMigration.MigrationException stopped = assertThrows(
                RootKeyMigration.MigrationException.class,
                () -> new RootKeyMigration(keys, other, to, randomness).run(progress::add));
        assertTrue(
                stopped.getMessage().contains("is wrapped by a root key that is neither root-c nor root-b"),
                stopped.getMessage());
    }

    /** A root key that also opens wrap format 1, as the DynamoDB and HSM root keys do for material from before format 2. */
    private static final class Format1Root implements RootKey {
        private final RootKey derivations;
        private final byte[] key;

        Format1Root(Randomness randomness) {
            this.derivations = new InMemoryPorts.Root("root-1", randomness);
            this.key = randomness.bytes(32);
        }

        byte[] wrapFormat1(byte[] material, byte[] aad, Randomness randomness) {
            return AesGcm.sealFramed(key, randomness.generator(), material, aad);
        }

        @Override
        public String id() {
            return derivations.id();
        }

        @Override
        public SecretBytes derive(byte[] label, byte[] context) {
            return derivations.derive(label, context);
        }

        @Override
        public SecretBytes unwrapFormat1(byte[] wrapped, byte[] aad) {
            return new SecretBytes(AesGcm.openFramed(key, wrapped, aad));
        }
    }

    @Test
    void withoutAnotherRootKeyItUpgradesFormat1MaterialInPlace() {
        Format1Root root = new Format1Root(randomness);
        Keysmith keysmith = keysmith(root);
        KeyRecord key = keysmith.keys().createKey(new NewKey(null, null, null, null, List.of()));
        Blob blob = encrypt(keysmith, key.keyId(), Map.of());
        // turn the stored material into format 1, as the code before format 2 stored it
        WrappedMaterial v2 = keys.materials(key.keyId()).get(0);
        byte[] secret;
        try (SecretBytes opened = MaterialWraps.unwrap(root, v2)) {
            secret = opened.reveal().clone();
        }
        WrappedMaterial v1 = v2.rewrapped(
                root.wrapFormat1(secret, MaterialWraps.aad(v2.keyId(), v2.materialId()), randomness),
                root.id(),
                MaterialWraps.FORMAT_1);
        assertTrue(keys.rewrap(v1, v2));
        assertAllDecrypt(keysmith(root), List.of(blob));

        RootKeyMigration.Result result = new RootKeyMigration(keys, null, root, randomness).run(progress::add);
        assertEquals(new RootKeyMigration.Result(1, 1, 0, 1), result);
        assertEquals(MaterialWraps.FORMAT_2, keys.materials(key.keyId()).get(0).wrapFormat());
        assertAllDecrypt(keysmith(root), List.of(blob));
    }

    @Test
    void aWriteThatLostARaceIsCountedNotForced() {
        blobsUnderFrom();
        // another writer wins every conditional write: the run counts them, forces nothing, and its
        // verification pass finds the material that did not move
        KeyStore racing = (KeyStore) java.lang.reflect.Proxy.newProxyInstance(
                KeyStore.class.getClassLoader(),
                new Class<?>[] {KeyStore.class},
                (proxy, method, args) -> method.getName().equals("rewrap") ? Boolean.FALSE : method.invoke(keys, args));
        List<WrappedMaterial> before = stored();
        RootKeyMigration.MigrationException verification = assertThrows(
                RootKeyMigration.MigrationException.class,
                () -> new RootKeyMigration(racing, from, to, randomness).run(progress::add));
        assertTrue(verification.getMessage().startsWith("verification failed: "), verification.getMessage());
        assertTrue(
                verification.getMessage().contains("is not yet under root-b in format 2"), verification.getMessage());
        assertEquals(before, stored());
    }

    @Test
    void deletedImportedMaterialIsSkippedAndComesBackUnderTheNewRootKey() throws Exception {
        // Given: imported material, a blob under it, and the material deleted before the migration
        Keysmith before = keysmith(from);
        String keyId = before.keys()
                .createKey(new NewKey(null, null, null, Origin.EXTERNAL, List.of()))
                .keyId();
        byte[] material = randomness.bytes(32);
        String materialId = importInto(before, keyId, material);
        Blob blob = encrypt(before, keyId, Map.of());
        before.imports().deleteImportedKeyMaterial(keyId, null);

        // When
        RootKeyMigration.Result result = new RootKeyMigration(keys, from, to, randomness).run(progress::add);

        // Then: nothing to rewrap, and the same material imported under the new root key opens the blob
        assertEquals(new RootKeyMigration.Result(1, 0, 0, 0), result);
        Keysmith after = keysmith(to);
        assertEquals(materialId, importInto(after, keyId, material));
        assertAllDecrypt(after, List.of(blob));
    }

    private static String importInto(Keysmith keysmith, String keyId, byte[] material) throws Exception {
        ImportParameters parameters = keysmith.imports()
                .getParametersForImport(keyId, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
        return keysmith.imports()
                .importKeyMaterial(new ImportRequest(
                        keyId,
                        parameters.importToken(),
                        ImportWrapping.wrap("RSAES_OAEP_SHA_256", parameters.publicKey(), material),
                        ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE,
                        null,
                        null,
                        null,
                        null))
                .keyMaterialId();
    }
}
