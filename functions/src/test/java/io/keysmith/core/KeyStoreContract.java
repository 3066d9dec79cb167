package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link KeyStore}, which every implementation must keep: a subclass gives an empty store
 * and inherits the tests. What is stored reads back as written; writes that name a version refuse a stale
 * one; pages cover every item exactly once and in order; a delete takes everything of the key.
 */
public abstract class KeyStoreContract {
    /** Instants as the stores keep them: to the millisecond. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final Randomness randomness = new Randomness();
    private KeyStore store;

    /** A key store and an alias store over new, empty storage. */
    protected abstract StorePorts emptyStores();

    @BeforeEach
    public void openStore() {
        store = emptyStores().keys();
    }

    /** An enabled symmetric key, with tags and a rotation that is not due, and its first material. */
    static KeyRecord key(String keyId, String materialId) {
        return KeyRecord.builder()
                .keyId(keyId)
                .creationDate(NOW)
                .description("contract key " + keyId)
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .keyState(KeyState.Enabled)
                .origin(Origin.AWS_KMS)
                .currentMaterialId(materialId)
                .tags(List.of(new Tag("team", "keysmith"), new Tag("empty", "")))
                .rotation(new Rotation(true, 90, NOW.plus(Duration.ofDays(90)), 2))
                .version(1)
                .build();
    }

    private WrappedMaterial material(String keyId, Instant created) {
        return new WrappedMaterial(
                keyId,
                HexFormat.of().formatHex(randomness.bytes(32)),
                randomness.bytes(60),
                "root-" + UUID.randomUUID(),
                MaterialWraps.CURRENT,
                created,
                null,
                null);
    }

    private KeyRecord createdKey() {
        String keyId = UUID.randomUUID().toString();
        WrappedMaterial material = material(keyId, NOW);
        KeyRecord key = key(keyId, material.materialId());
        store.create(key, material);
        return key;
    }

    private static void assertSameMaterial(WrappedMaterial expected, WrappedMaterial actual) {
        assertEquals(expected.keyId(), actual.keyId());
        assertEquals(expected.materialId(), actual.materialId());
        assertArrayEquals(expected.wrapped(), actual.wrapped());
        assertEquals(expected.rootKeyId(), actual.rootKeyId());
        assertEquals(expected.wrapFormat(), actual.wrapFormat());
        assertEquals(expected.creationDate(), actual.creationDate());
        assertEquals(expected.rotationType(), actual.rotationType());
        assertArrayEquals(expected.publicKey(), actual.publicKey());
    }

    @Test
    public void aCreatedKeyAndItsMaterialReadBackAsWritten() {
        // Given
        String keyId = UUID.randomUUID().toString();
        WrappedMaterial material = new WrappedMaterial(
                keyId,
                HexFormat.of().formatHex(randomness.bytes(32)),
                randomness.bytes(60),
                "root-a",
                MaterialWraps.FORMAT_1,
                NOW,
                null,
                randomness.bytes(91));
        KeyRecord key = key(keyId, material.materialId());

        // When
        store.create(key, material);

        // Then
        assertEquals(Optional.of(key), store.find(keyId));
        assertSameMaterial(
                material, store.findMaterial(keyId, material.materialId()).orElseThrow());
        List<WrappedMaterial> materials = store.materials(keyId);
        assertEquals(1, materials.size());
        assertSameMaterial(material, materials.get(0));
    }

    @Test
    public void aKeyIsReadWithItsCurrentMaterialWhicheverVersionIsCurrent() {
        // Given: five versions, the current one set back to the second
        KeyRecord key = createdKey();
        List<WrappedMaterial> added = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            WrappedMaterial next = material(key.keyId(), NOW.plusSeconds(i));
            store.addMaterial(key.withCurrentMaterial(next.materialId(), key.rotation()), next);
            key = store.find(key.keyId()).orElseThrow();
            added.add(next);
        }
        WrappedMaterial current = added.get(0);
        store.update(key.withCurrentMaterial(current.materialId(), key.rotation()));

        // When
        KeyStore.KeyWithMaterial read =
                store.findWithCurrentMaterial(key.keyId()).orElseThrow();

        // Then
        assertEquals(store.find(key.keyId()).orElseThrow(), read.key());
        assertEquals(current.materialId(), read.key().currentMaterialId());
        assertSameMaterial(current, read.currentMaterial());
    }

    @Test
    public void aKeyWithoutMaterialIsReadWithNoneAndAMissingKeyNotAtAll() {
        String keyId = UUID.randomUUID().toString();
        KeyRecord pending = key(keyId, null).toBuilder()
                .keyState(KeyState.PendingImport)
                .origin(Origin.EXTERNAL)
                .build();
        store.create(pending, null);

        KeyStore.KeyWithMaterial read = store.findWithCurrentMaterial(keyId).orElseThrow();

        assertEquals(pending, read.key());
        assertNull(read.currentMaterial());
        assertEquals(
                Optional.empty(),
                store.findWithCurrentMaterial(UUID.randomUUID().toString()));
    }

    @Test
    public void aKeyPendingImportIsStoredWithoutMaterial() {
        String keyId = UUID.randomUUID().toString();
        KeyRecord pending = key(keyId, null).toBuilder()
                .description("")
                .keyState(KeyState.PendingImport)
                .origin(Origin.EXTERNAL)
                .tags(List.of())
                .rotation(Rotation.OFF)
                .build();
        store.create(pending, null);
        assertEquals(Optional.of(pending), store.find(keyId));
        assertEquals(List.of(), store.materials(keyId));
    }

    @Test
    public void aKeyPolicyIsStoredVerbatimAndReplacedByAnUpdate() {
        // Given: whitespace, key order and non-ASCII as the caller wrote them; GetKeyPolicy returns them byte for byte
        String policy =
                "{\n  \"Statement\" : [ {\"Sid\": \"Zo\u00eb\", \"Effect\":\"Allow\"} ],\t\"Version\":\"2012-10-17\"}\n";
        String keyId = UUID.randomUUID().toString();
        WrappedMaterial material = material(keyId, NOW);
        KeyRecord key = key(keyId, material.materialId()).withPolicy(policy);

        // When
        store.create(key, material);
        store.update(key.withPolicy("{}"));

        // Then
        assertEquals("{}", store.find(keyId).orElseThrow().policy());
        KeyRecord withoutPolicy = createdKey();
        assertEquals(null, store.find(withoutPolicy.keyId()).orElseThrow().policy());
        String otherId = UUID.randomUUID().toString();
        WrappedMaterial otherMaterial = material(otherId, NOW);
        store.create(key(otherId, otherMaterial.materialId()).withPolicy(policy), otherMaterial);
        assertEquals(policy, store.find(otherId).orElseThrow().policy());
    }

    @Test
    public void whatWasNeverWrittenIsNotFound() {
        KeyRecord other = createdKey();
        String unknown = UUID.randomUUID().toString();
        assertEquals(Optional.empty(), store.find(unknown));
        assertEquals(Optional.empty(), store.findMaterial(unknown, other.currentMaterialId()));
        assertEquals(Optional.empty(), store.findMaterial(other.keyId(), "00".repeat(32)));
        assertEquals(List.of(), store.materials(unknown));
    }

    @Test
    public void anUpdateWritesTheNextVersion() {
        KeyRecord key = createdKey();
        KeyRecord changed = key.withDescription("changed").withTags(List.of(new Tag("k", "v")));
        store.update(changed);
        KeyRecord stored = store.find(key.keyId()).orElseThrow();
        assertEquals(changed.nextVersion(), stored);
        assertEquals(key.version() + 1, stored.version());
    }

    @Test
    public void anUpdateFromAStaleReadIsRefusedAndChangesNothing() {
        // Given: two writers read the same version
        KeyRecord key = createdKey();
        store.update(key.withDescription("first writer"));

        // When: the second writes from its stale read, which still holds the first version
        assertThrows(KeyStore.StaleKeyException.class, () -> store.update(key.withDescription("second writer")));

        // Then
        KeyRecord stored = store.find(key.keyId()).orElseThrow();
        assertEquals("first writer", stored.description());
        assertEquals(key.version() + 1, stored.version());
    }

    @Test
    public void anUpdateOfADeletedKeyIsRefusedAndWritesNothing() {
        KeyRecord key = createdKey();
        store.delete(key.keyId());
        assertThrows(KeyStore.StaleKeyException.class, () -> store.update(key.withDescription("resurrected")));
        assertEquals(Optional.empty(), store.find(key.keyId()));
    }

    @Test
    public void addMaterialWritesTheKeyAndTheNewMaterialTogether() {
        // Given
        KeyRecord key = createdKey();
        WrappedMaterial second = material(key.keyId(), NOW.plusSeconds(10));

        // When
        store.addMaterial(key.withCurrentMaterial(second.materialId(), key.rotation()), second);

        // Then
        KeyRecord stored = store.find(key.keyId()).orElseThrow();
        assertEquals(second.materialId(), stored.currentMaterialId());
        assertEquals(key.version() + 1, stored.version());
        assertSameMaterial(
                second, store.findMaterial(key.keyId(), second.materialId()).orElseThrow());
    }

    /** An EXTERNAL key's material as imported: with its import, or its record alone once deleted. */
    private WrappedMaterial imported(String keyId, Instant created, boolean pendingRotation) {
        return material(keyId, created)
                .withImport(new MaterialImport(
                        ExpirationModel.KEY_MATERIAL_EXPIRES, NOW.plusSeconds(3600), "batch 7", pendingRotation));
    }

    private static void assertSameImportedMaterial(WrappedMaterial expected, WrappedMaterial actual) {
        assertEquals(expected.keyId(), actual.keyId());
        assertEquals(expected.materialId(), actual.materialId());
        assertArrayEquals(expected.wrapped(), actual.wrapped());
        assertEquals(expected.rootKeyId(), actual.rootKeyId());
        assertEquals(expected.creationDate(), actual.creationDate());
        assertEquals(expected.imported(), actual.imported());
        assertEquals(expected.hasSecret(), actual.hasSecret());
    }

    @Test
    public void changeMaterialsWritesTheKeyPutsAndDeletesTogether() {
        // Given: a key with one material, and another waiting for rotation
        KeyRecord key = createdKey();
        WrappedMaterial first = store.materials(key.keyId()).get(0);
        WrappedMaterial pending = imported(key.keyId(), NOW.plusSeconds(5), true);
        KeyRecord withPending =
                key.withImport(KeyState.Enabled, ExpirationModel.KEY_MATERIAL_EXPIRES, NOW.plusSeconds(9));
        store.changeMaterials(withPending, List.of(pending), List.of());
        KeyRecord stored = store.find(key.keyId()).orElseThrow();
        assertEquals(withPending.nextVersion(), stored);
        assertSameImportedMaterial(
                pending, store.findMaterial(key.keyId(), pending.materialId()).orElseThrow());

        // When: the first loses its secret and the pending one goes, in one write
        WrappedMaterial deleted = first.withoutSecret();
        KeyRecord pendingImport = stored.withImport(KeyState.PendingImport, null, null);
        store.changeMaterials(pendingImport, List.of(deleted), List.of(pending.materialId()));

        // Then
        assertEquals(pendingImport.nextVersion(), store.find(key.keyId()).orElseThrow());
        List<WrappedMaterial> left = store.materials(key.keyId());
        assertEquals(1, left.size());
        assertFalse(left.get(0).hasSecret());
        assertNull(left.get(0).rootKeyId());
        assertEquals(first.materialId(), left.get(0).materialId());
    }

    @Test
    public void changeMaterialsFromAStaleReadWritesNothing() {
        KeyRecord key = createdKey();
        store.update(key.withDescription("moved on"));
        WrappedMaterial late = imported(key.keyId(), NOW.plusSeconds(10), false);
        WrappedMaterial first = store.materials(key.keyId()).get(0);

        assertThrows(
                KeyStore.StaleKeyException.class,
                () -> store.changeMaterials(key, List.of(late, first.withoutSecret()), List.of()));

        assertEquals(Optional.empty(), store.findMaterial(key.keyId(), late.materialId()));
        assertTrue(store.findMaterial(key.keyId(), first.materialId())
                .orElseThrow()
                .hasSecret());
        assertEquals("moved on", store.find(key.keyId()).orElseThrow().description());
    }

    @Test
    public void addMaterialFromAStaleReadWritesNeitherTheKeyNorTheMaterial() {
        // Given
        KeyRecord key = createdKey();
        store.update(key.withDescription("moved on"));
        WrappedMaterial late = material(key.keyId(), NOW.plusSeconds(10));

        // When
        assertThrows(
                KeyStore.StaleKeyException.class,
                () -> store.addMaterial(key.withCurrentMaterial(late.materialId(), key.rotation()), late));

        // Then
        assertEquals(Optional.empty(), store.findMaterial(key.keyId(), late.materialId()));
        assertEquals(1, store.materials(key.keyId()).size());
        KeyRecord stored = store.find(key.keyId()).orElseThrow();
        assertEquals(key.currentMaterialId(), stored.currentMaterialId());
        assertEquals("moved on", stored.description());
    }

    @Test
    public void materialsAreListedOldestFirst() {
        // Given: materials added in an order that is neither their dates' nor their ids'
        KeyRecord key = createdKey();
        List<Instant> dates =
                List.of(NOW.plusSeconds(30), NOW.minusSeconds(30), NOW.plusSeconds(5), NOW.plusSeconds(400));
        KeyRecord current = key;
        for (Instant date : dates) {
            WrappedMaterial m = material(key.keyId(), date);
            store.addMaterial(current.withCurrentMaterial(m.materialId(), key.rotation()), m);
            current = store.find(key.keyId()).orElseThrow();
        }

        // When
        List<Instant> listed = store.materials(key.keyId()).stream()
                .map(WrappedMaterial::creationDate)
                .toList();

        // Then
        List<Instant> expected = new ArrayList<>(dates);
        expected.add(NOW);
        expected.sort(null);
        assertEquals(expected, listed);
    }

    @Test
    public void rewrapReplacesTheWrapOnlyWhileTheExpectedWrapIsStored() {
        // Given
        KeyRecord key = createdKey();
        WrappedMaterial stored =
                store.findMaterial(key.keyId(), key.currentMaterialId()).orElseThrow();
        WrappedMaterial replacement = stored.rewrapped(randomness.bytes(60), "root-new", MaterialWraps.FORMAT_2);

        // When
        boolean first = store.rewrap(replacement, stored);
        boolean stale =
                store.rewrap(stored.rewrapped(randomness.bytes(60), "root-other", MaterialWraps.FORMAT_2), stored);

        // Then
        assertTrue(first);
        assertFalse(stale, "a rewrap from a stale read replaced the wrap");
        assertSameMaterial(
                replacement,
                store.findMaterial(key.keyId(), key.currentMaterialId()).orElseThrow());
    }

    @Test
    public void rewrapComparesTheRootKeyIdAsWellAsTheBytes() {
        KeyRecord key = createdKey();
        WrappedMaterial stored =
                store.findMaterial(key.keyId(), key.currentMaterialId()).orElseThrow();
        WrappedMaterial sameBytesOtherRoot = stored.rewrapped(stored.wrapped(), "root-elsewhere", stored.wrapFormat());
        assertFalse(store.rewrap(
                stored.rewrapped(randomness.bytes(60), "root-new", MaterialWraps.FORMAT_2), sameBytesOtherRoot));
        assertSameMaterial(
                stored, store.findMaterial(key.keyId(), key.currentMaterialId()).orElseThrow());
    }

    @Test
    public void rewrapOfAMaterialThatIsGoneWritesNothing() {
        KeyRecord key = createdKey();
        WrappedMaterial stored =
                store.findMaterial(key.keyId(), key.currentMaterialId()).orElseThrow();
        store.delete(key.keyId());
        assertFalse(store.rewrap(stored.rewrapped(randomness.bytes(60), "root-new", MaterialWraps.FORMAT_2), stored));
        assertEquals(Optional.empty(), store.findMaterial(key.keyId(), key.currentMaterialId()));
    }

    @Test
    public void pagesOfKeysCoverEveryKeyExactlyOnceInKeyIdOrder() {
        for (int keys : new int[] {0, 1, 6, 7, 8, 21, 23}) {
            assertPagesCover(keys, 7);
        }
    }

    private void assertPagesCover(int keyCount, int limit) {
        // Given
        store = emptyStores().keys();
        TreeSet<String> created = new TreeSet<>();
        for (int i = 0; i < keyCount; i++) {
            created.add(createdKey().keyId());
        }

        // When
        List<String> listed = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Page<KeyRecord> page = store.list(limit, after);
            pages++;
            assertTrue(page.items().size() <= limit, "a page longer than the limit");
            if (page.truncated()) {
                assertEquals(limit, page.items().size(), "a page before the last one is not full");
            }
            page.items().forEach(k -> listed.add(k.keyId()));
            after = page.nextMarker();
        } while (after != null && pages <= keyCount + 1);

        // Then
        assertEquals(List.copyOf(created), listed, keyCount + " keys in pages of " + limit);
        assertEquals(Math.max(1, (keyCount + limit - 1) / limit), pages, "no empty page after the last key");
    }

    @Test
    public void listedKeysAreTheStoredRecords() {
        KeyRecord key = createdKey();
        store.update(key.withDescription("listed"));
        assertEquals(
                List.of(key.withDescription("listed").nextVersion()),
                store.list(10, null).items());
    }

    @Test
    public void dueKeysArePagedInDueOrderAndOnlyWhileDue() {
        // Given
        KeyRecord notDue = createdKey(); // rotation in 90 days
        KeyRecord rotationDue = createdKey();
        store.update(rotationDue.withRotation(new Rotation(true, 90, NOW.minusSeconds(60), 0)));
        KeyRecord deletionDue = createdKey();
        store.update(deletionDue.withPendingDeletion(NOW.minusSeconds(3600), 7));
        KeyRecord dueExactlyNow = createdKey();
        store.update(dueExactlyNow.withPendingDeletion(NOW, 7));
        KeyRecord disabled = createdKey(); // rotation past due, but disabled keys do not rotate
        store.update(disabled.withRotation(new Rotation(true, 90, NOW.minusSeconds(60), 0))
                .withState(KeyState.Disabled));
        KeyRecord noLongerDue = createdKey();
        store.update(noLongerDue.withRotation(new Rotation(true, 90, NOW.minusSeconds(30), 0)));
        store.update(store.find(noLongerDue.keyId()).orElseThrow().withRotation(Rotation.OFF));

        // When
        List<String> due = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Page<String> page = store.dueKeyIds(NOW, 1, after);
            assertTrue(page.items().size() <= 1);
            due.addAll(page.items());
            after = page.nextMarker();
        } while (after != null && ++pages < 10);

        // Then
        assertEquals(List.of(deletionDue.keyId(), rotationDue.keyId(), dueExactlyNow.keyId()), due);
        assertEquals(
                List.of(deletionDue.keyId()),
                store.dueKeyIds(NOW.minusSeconds(600), 10, null).items());
        assertFalse(due.contains(notDue.keyId()));
        assertNull(store.dueKeyIds(NOW, 10, null).nextMarker());
    }

    @Test
    public void deleteTakesTheKeyAndEveryMaterialAndCanRunAgain() {
        // Given
        KeyRecord key = createdKey();
        WrappedMaterial second = material(key.keyId(), NOW.plusSeconds(1));
        store.addMaterial(key.withCurrentMaterial(second.materialId(), key.rotation()), second);
        KeyRecord other = createdKey();

        // When
        store.delete(key.keyId());
        store.delete(key.keyId());

        // Then
        assertEquals(Optional.empty(), store.find(key.keyId()));
        assertEquals(List.of(), store.materials(key.keyId()));
        assertEquals(Optional.empty(), store.findMaterial(key.keyId(), second.materialId()));
        assertEquals(
                List.of(other.keyId()),
                store.list(10, null).items().stream().map(KeyRecord::keyId).toList());
        assertEquals(1, store.materials(other.keyId()).size());
    }
}
