package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The grant operations through the real AWS SDK against keysmith-local.jar. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantsIT {
    private static final String APP = "arn:aws:iam::000000000000:role/App";
    private static final String OPS = "arn:aws:iam::000000000000:user/ops";
    private LocalKeysmith keysmith;
    private KmsClient kms;

    @BeforeAll
    void start() throws Exception {
        keysmith = LocalKeysmith.inMemory();
        kms = keysmith.kms;
    }

    @AfterAll
    void stop() {
        keysmith.close();
    }

    private String newKey() {
        return kms.createKey(r -> r.description("grants")).keyMetadata().keyId();
    }

    private CreateGrantResponse grant(String keyId) {
        return kms.createGrant(r -> r.keyId(keyId).granteePrincipal(APP).operations(GrantOperation.ENCRYPT));
    }

    private List<GrantListEntry> grants(String keyId) {
        return kms.listGrants(r -> r.keyId(keyId)).grants();
    }

    @Test
    void aGrantWithAnEncryptionContextSubsetIsListedWithIt() {
        // Given
        String keyId = newKey();

        // When
        CreateGrantResponse created = kms.createGrant(r -> r.keyId(keyId)
                .granteePrincipal(APP)
                .retiringPrincipal(OPS)
                .operations(GrantOperation.DECRYPT, GrantOperation.GENERATE_DATA_KEY)
                .constraints(c -> c.encryptionContextSubset(Map.of("Department", "IT"))));

        // Then
        assertTrue(created.grantId().matches("[0-9a-f]{64}"), created.grantId());
        GrantListEntry entry = grants(keyId).get(0);
        assertEquals(created.grantId(), entry.grantId());
        assertEquals(APP, entry.granteePrincipal());
        assertEquals(OPS, entry.retiringPrincipal());
        assertEquals(List.of(GrantOperation.DECRYPT, GrantOperation.GENERATE_DATA_KEY), entry.operations());
        assertEquals(Map.of("Department", "IT"), entry.constraints().encryptionContextSubset());
        assertEquals(Map.of(), entry.constraints().encryptionContextEquals());
        assertTrue(entry.keyId().endsWith(":key/" + keyId), entry.keyId());
        assertEquals(
                List.of(created.grantId()),
                kms.listRetirableGrants(r -> r.retiringPrincipal(OPS)).grants().stream()
                        .map(GrantListEntry::grantId)
                        .filter(created.grantId()::equals)
                        .toList());
    }

    @Test
    void listGrantsPages() {
        // Given
        String keyId = newKey();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(grant(keyId).grantId());
        }

        // When
        List<String> listed = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String from = marker;
            ListGrantsResponse page =
                    kms.listGrants(r -> r.keyId(keyId).limit(2).marker(from));
            page.grants().forEach(g -> listed.add(g.grantId()));
            marker = page.truncated() ? page.nextMarker() : null;
            pages++;
        } while (marker != null);

        // Then
        assertEquals(made.stream().sorted().toList(), listed);
        assertEquals(3, pages);
    }

    @Test
    void aRepeatedNamedGrantKeepsItsIdWithANewToken() {
        String keyId = newKey();
        CreateGrantResponse first = kms.createGrant(r -> r.keyId(keyId)
                .granteePrincipal(APP)
                .operations(GrantOperation.DECRYPT)
                .name("nightly"));
        CreateGrantResponse again = kms.createGrant(r -> r.keyId(keyId)
                .granteePrincipal(APP)
                .operations(GrantOperation.DECRYPT)
                .name("nightly"));
        assertEquals(first.grantId(), again.grantId());
        assertNotEquals(first.grantToken(), again.grantToken());
        assertEquals(1, grants(keyId).size());
    }

    @Test
    void dryRunChangesNothing() {
        String keyId = newKey();
        assertThrows(
                DryRunOperationException.class,
                () -> kms.createGrant(r -> r.keyId(keyId)
                        .granteePrincipal(APP)
                        .operations(GrantOperation.ENCRYPT)
                        .dryRun(true)));
        assertEquals(List.of(), grants(keyId));
        String grantId = grant(keyId).grantId();
        assertThrows(
                DryRunOperationException.class,
                () -> kms.revokeGrant(r -> r.keyId(keyId).grantId(grantId).dryRun(true)));
        assertEquals(1, grants(keyId).size());
    }

    @Test
    void retireByTokenOrByIdAndRevoke() {
        // Given
        String keyId = newKey();
        CreateGrantResponse byToken = grant(keyId);
        CreateGrantResponse byId = grant(keyId);
        CreateGrantResponse revoked = grant(keyId);

        // When
        kms.retireGrant(r -> r.grantToken(byToken.grantToken()));
        kms.retireGrant(r -> r.keyId(keyId).grantId(byId.grantId()));
        kms.revokeGrant(r -> r.keyId(keyId).grantId(revoked.grantId()));

        // Then
        assertEquals(List.of(), grants(keyId));
        assertThrows(NotFoundException.class, () -> kms.retireGrant(r -> r.grantToken(byToken.grantToken())));
        assertThrows(
                NotFoundException.class,
                () -> kms.revokeGrant(r -> r.keyId(keyId).grantId(revoked.grantId())));
    }

    @Test
    void forgedTokensAndTokensOfAnotherKeyAreRefused() {
        // Given
        String keyId = newKey();
        String otherKey = newKey();
        String token = grant(keyId).grantToken();
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[30] ^= 0x40;
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        // When / Then
        InvalidGrantTokenException refused =
                assertThrows(InvalidGrantTokenException.class, () -> kms.retireGrant(r -> r.grantToken(forged)));
        assertFalse(refused.getMessage().contains(forged));
        assertThrows(
                InvalidGrantTokenException.class,
                () -> kms.createGrant(r -> r.keyId(otherKey)
                        .granteePrincipal(APP)
                        .operations(GrantOperation.ENCRYPT)
                        .grantTokens(token)));
        assertThrows(
                InvalidGrantTokenException.class,
                () -> kms.retireGrant(r -> r.grantToken(token).keyId(otherKey)));
        assertEquals(1, grants(keyId).size());
        assertEquals(List.of(), grants(otherKey));
    }
}
