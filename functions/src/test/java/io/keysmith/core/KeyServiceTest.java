package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.errors.AlreadyExistsException;
import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.IncorrectKeyException;
import io.keysmith.core.errors.InvalidCiphertextException;
import io.keysmith.core.errors.KmsException;
import io.keysmith.core.errors.KmsUnsupportedOperationException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.core.errors.TagException;
import io.keysmith.core.errors.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@org.junit.jupiter.api.extension.ExtendWith(AsAccountRoot.class)
class KeyServiceTest {
    private final Keysmith keysmith = InMemoryPorts.keysmith();
    private final KeyService service = keysmith.keys();
    private final AliasService aliases = keysmith.aliases();
    private final CryptoService crypto = keysmith.crypto();
    private final KeyRecord key = service.createKey(new NewKey("test", null, null, null, List.of()));
    private final String arn = keysmith.location().keyArn(key.keyId());

    private DataKeyPair p256Pair(String keyId, Map<String, String> context, boolean dryRun) {
        return crypto.generateDataKeyPair(
                "GenerateDataKeyPair",
                new DataKeyPairRequest(keyId, DataKeyPairSpec.ECC_NIST_P256, context, dryRun),
                null);
    }

    private static Decrypted decrypt(
            CryptoService service, byte[] ciphertext, Map<String, String> context, String keyId) {
        return service.decrypt(new DecryptRequest(ciphertext, context, keyId, null, false), null);
    }

    @Test
    void newKeyIsSymmetricEnabledWithAMaterialId() {
        assertEquals(KeySpec.SYMMETRIC_DEFAULT, key.keySpec());
        assertEquals(KeyUsage.ENCRYPT_DECRYPT, key.keyUsage());
        assertEquals(KeyState.Enabled, key.keyState());
        assertTrue(key.currentMaterialId().matches("[0-9a-f]{64}"));
        assertEquals("arn:aws:kms:us-east-1:111122223333:key/" + key.keyId(), arn);
    }

    @Test
    void keyIdResolvesInAllFourForms() {
        aliases.createAlias("alias/app", key.keyId());
        for (String form :
                List.of(key.keyId(), arn, "alias/app", keysmith.location().aliasArn("alias/app"))) {
            assertEquals(key.keyId(), service.describeKey(form).keyId(), form);
        }
    }

    @Test
    void notFoundMessagesFollowAws() {
        String missing = UUID.randomUUID().toString();
        assertMessage(
                NotFoundException.class,
                "Key '" + keysmith.location().keyArn(missing) + "' does not exist",
                () -> service.describeKey(missing));
        assertMessage(NotFoundException.class, "Invalid keyId 'fake-key-id'", () -> service.describeKey("fake-key-id"));
        assertMessage(
                NotFoundException.class,
                "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.",
                () -> service.describeKey("alias/none"));
        assertMessage(
                NotFoundException.class,
                "Invalid arn eu-west-1",
                () -> service.describeKey("arn:aws:kms:eu-west-1:111122223333:key/" + key.keyId()));
    }

    @Test
    void dataKeyPairDecryptsOnlyWithItsContext() {
        Map<String, String> context = Map.of("tenant", "a");
        DataKeyPair pair = p256Pair(key.keyId(), context, false);
        assertEquals(key.currentMaterialId(), pair.materialId());
        Decrypted decrypted = decrypt(crypto, pair.privateKeyCiphertext(), context, null);
        assertArrayEquals(pair.privateKey().reveal(), decrypted.plaintext().reveal());
        assertEquals(arn, decrypted.keyArn());
        assertThrows(
                InvalidCiphertextException.class, () -> decrypt(crypto, pair.privateKeyCiphertext(), Map.of(), null));
        assertThrows(
                InvalidCiphertextException.class,
                () -> decrypt(crypto, pair.privateKeyCiphertext(), Map.of("tenant", "b"), null));
    }

    @Test
    void decryptWithAnotherKeysIdIsIncorrectKey() {
        KeyRecord other = service.createKey(new NewKey(null, null, null, null, List.of()));
        DataKeyPair pair = p256Pair(key.keyId(), Map.of(), false);
        assertMessage(
                IncorrectKeyException.class,
                "The key ID in the request does not identify a CMK that can perform this operation.",
                () -> decrypt(crypto, pair.privateKeyCiphertext(), Map.of(), other.keyId()));
        assertEquals(
                arn, decrypt(crypto, pair.privateKeyCiphertext(), Map.of(), arn).keyArn());
    }

    @Test
    void blobOfAnUnknownKeyIsInvalidCiphertext() {
        DataKeyPair pair = p256Pair(key.keyId(), Map.of(), false);
        CryptoService elsewhere = InMemoryPorts.keysmith().crypto();
        assertMessage(
                InvalidCiphertextException.class,
                "",
                () -> decrypt(elsewhere, pair.privateKeyCiphertext(), Map.of(), null));
    }

    @Test
    void dryRunComesAfterTheOtherChecks() {
        assertThrows(NotFoundException.class, () -> p256Pair(UUID.randomUUID().toString(), Map.of(), true));
        assertMessage(
                DryRunOperationException.class,
                "The request would have succeeded, but the DryRun option is set.",
                () -> p256Pair(key.keyId(), Map.of(), true));
    }

    @Test
    void aliasRules() {
        assertMessage(
                ValidationException.class,
                "Alias must start with the prefix \"alias/\". "
                        + "Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
                () -> aliases.createAlias("app", key.keyId()));
        aliases.createAlias("alias/app", key.keyId());
        assertMessage(
                AlreadyExistsException.class,
                "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app already exists",
                () -> aliases.createAlias("alias/app", key.keyId()));
        assertThrows(ValidationException.class, () -> aliases.createAlias("alias/other", "alias/app"));
        assertThrows(
                NotFoundException.class,
                () -> aliases.createAlias("alias/other", UUID.randomUUID().toString()));
    }

    @Test
    void tagRules() {
        assertMessage(
                TagException.class,
                "Tags beginning with aws: are reserved",
                () -> service.createKey(new NewKey(null, null, null, null, List.of(new Tag("AWS:x", "1")))));
        assertMessage(
                TagException.class,
                "Duplicate tag keys",
                () -> service.createKey(
                        new NewKey(null, null, null, null, List.of(new Tag("a", "1"), new Tag("a", "2")))));
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i <= KeyService.MAX_TAGS; i++) {
            many.add(new Tag("t" + i, "v"));
        }
        assertMessage(
                TagException.class, "Too many tags", () -> service.createKey(new NewKey(null, null, null, null, many)));
    }

    @Test
    void keySpecAndUsageMustFit() {
        assertMessage(
                ValidationException.class,
                "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
                () -> service.createKey(new NewKey(null, KeySpec.RSA_2048, null, null, List.of())));
        assertMessage(
                ValidationException.class,
                "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec HMAC_256",
                () -> service.createKey(new NewKey(null, KeySpec.HMAC_256, KeyUsage.ENCRYPT_DECRYPT, null, List.of())));
        assertThrows(
                KmsUnsupportedOperationException.class,
                () -> service.createKey(new NewKey(null, null, null, Origin.AWS_CLOUDHSM, List.of())));
    }

    @Test
    void listingPagesWithOpaqueMarkers() {
        for (int i = 0; i < 4; i++) {
            service.createKey(new NewKey(null, null, null, null, List.of()));
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            Page<KeyRecord> page = service.listKeys(2, marker);
            page.items().forEach(k -> seen.add(k.keyId()));
            marker = page.nextMarker();
        } while (marker != null);
        assertEquals(5, seen.size());
        assertEquals(seen.stream().sorted().toList(), seen);
        String genuine = service.listKeys(2, null).nextMarker();
        assertThrows(ValidationException.class, () -> service.listKeys(2, "forged"));
        assertThrows(ValidationException.class, () -> aliases.listAliases(null, 2, genuine));
        String forged = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("keys:" + seen.get(0)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThrows(ValidationException.class, () -> service.listKeys(2, forged));
        byte[] edited = java.util.Base64.getUrlDecoder().decode(genuine);
        edited[edited.length - 1] ^= 1;
        assertThrows(
                ValidationException.class,
                () -> service.listKeys(
                        2, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(edited)));
    }

    private static void assertMessage(Class<? extends KmsException> type, String message, Executable call) {
        KmsException e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
    }
}
