package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.errors.InvalidGrantTokenException;
import io.keysmith.core.errors.LimitExceededException;
import io.keysmith.policy.Grant;
import io.keysmith.policy.RequestContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grants as authorization sees them ({@link GrantService#grantsFor}), their tokens, and their end with their key. */
@org.junit.jupiter.api.extension.ExtendWith(AsAccountRoot.class)
class GrantServiceTest {
    private static final String APP = "arn:aws:iam::111122223333:role/App";
    private static final String SESSION = "arn:aws:sts::111122223333:assumed-role/App/s1";
    private final MutableClock clock = new MutableClock();
    private final Keysmith keysmith = InMemoryPorts.keysmith(clock);
    private final GrantService grants = keysmith.grants();

    private String newKey() {
        return keysmith.keys()
                .createKey(new NewKey(null, null, null, null, List.of()))
                .keyId();
    }

    private GrantService.CreatedGrant grant(String keyId, List<String> operations, GrantConstraints constraints) {
        return grants.createGrant(new NewGrant(keyId, APP, null, operations, constraints, null, false), "111122223333");
    }

    private static RequestContext request(String caller, String action, Map<String, String> context) {
        return RequestContext.builder(caller, action)
                .resource("arn:aws:kms:us-east-1:111122223333:key/k")
                .encryptionContext(context)
                .build();
    }

    private boolean allowed(String keyId, String caller, String action, Map<String, String> context) {
        return grants.grantsFor(keyId, List.of()).stream().anyMatch(g -> g.allows(request(caller, action, context)));
    }

    @Test
    void aGrantAllowsItsGranteeItsOperationsAtOnce() {
        String keyId = newKey();
        grant(keyId, List.of("Decrypt", "DescribeKey"), null);

        assertTrue(allowed(keyId, APP, "kms:Decrypt", Map.of()));
        assertTrue(allowed(keyId, SESSION, "kms:DescribeKey", Map.of()), "a session of the grantee role");
        assertFalse(allowed(keyId, APP, "kms:Encrypt", Map.of()));
        assertFalse(allowed(keyId, "arn:aws:iam::111122223333:role/Other", "kms:Decrypt", Map.of()));
        assertFalse(allowed(newKey(), APP, "kms:Decrypt", Map.of()), "another key");
    }

    @Test
    void subsetConstraintNeedsItsPairsKeysWithoutCaseValuesWithCase() {
        String keyId = newKey();
        grant(keyId, List.of("Decrypt", "DescribeKey"), new GrantConstraints(null, Map.of("Dept", "IT")));

        assertTrue(allowed(keyId, APP, "kms:Decrypt", Map.of("Dept", "IT", "Project", "A")));
        assertTrue(allowed(keyId, APP, "kms:Decrypt", Map.of("dept", "IT")));
        assertFalse(allowed(keyId, APP, "kms:Decrypt", Map.of("Dept", "it")));
        assertFalse(allowed(keyId, APP, "kms:Decrypt", Map.of()));
        assertTrue(allowed(keyId, APP, "kms:DescribeKey", Map.of()), "no context: the constraint does not apply");
    }

    @Test
    void equalsConstraintNeedsExactlyItsPairs() {
        String keyId = newKey();
        grant(keyId, List.of("Encrypt"), new GrantConstraints(Map.of("Dept", "IT"), null));

        assertTrue(allowed(keyId, APP, "kms:Encrypt", Map.of("Dept", "IT")));
        assertFalse(allowed(keyId, APP, "kms:Encrypt", Map.of("Dept", "IT", "Project", "A")));
        assertFalse(allowed(keyId, APP, "kms:Encrypt", Map.of()));
        Map<String, String> sameKeyTwice = new LinkedHashMap<>();
        sameKeyTwice.put("Dept", "IT");
        sameKeyTwice.put("DEPT", "IT");
        assertFalse(allowed(keyId, APP, "kms:Encrypt", sameKeyTwice), "two pairs are not one");
    }

    @Test
    void tokensAreCheckedAndARetiredGrantsTokenGivesNothing() {
        // Given
        String keyId = newKey();
        GrantService.CreatedGrant created = grant(keyId, List.of("Decrypt"), null);
        String token = created.grantToken();

        // When / Then
        List<Grant> withToken = grants.grantsFor(keyId, List.of(token));
        assertEquals(
                List.of(created.grantId()),
                withToken.stream().map(Grant::grantId).toList());
        assertThrows(InvalidGrantTokenException.class, () -> grants.grantsFor(newKey(), List.of(token)));
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BA" : "AA");
        assertThrows(InvalidGrantTokenException.class, () -> grants.grantsFor(keyId, List.of(forged)));
        grants.revokeGrant(keyId, created.grantId(), false);
        assertEquals(List.of(), grants.grantsFor(keyId, List.of(token)));
        assertFalse(created.toString().contains(token));
    }

    @Test
    void theLimitPerKeyIsAwsFiftyThousandAndAnswersLimitExceeded() {
        // Given a store that holds this test to 2 grants per key, and notes the limit the service asks for
        InMemoryPorts.Keys keys = new InMemoryPorts.Keys();
        GrantStore inner = new InMemoryPorts.Grants(keys);
        List<Integer> askedLimits = new java.util.ArrayList<>();
        GrantStore twoPerKey = new GrantStore() {
            @Override
            public Creation create(GrantRecord grant, int maxGrantsPerKey) {
                askedLimits.add(maxGrantsPerKey);
                return inner.create(grant, 2);
            }

            @Override
            public java.util.Optional<GrantRecord> find(String keyId, String grantId) {
                return inner.find(keyId, grantId);
            }

            @Override
            public boolean delete(String keyId, String grantId) {
                return inner.delete(keyId, grantId);
            }

            @Override
            public Page<GrantRecord> listOfKey(String keyId, String grantee, int limit, String after) {
                return inner.listOfKey(keyId, grantee, limit, after);
            }

            @Override
            public Page<GrantRecord> listRetirable(String retiringPrincipal, int limit, String after) {
                return inner.listRetirable(retiringPrincipal, limit, after);
            }

            @Override
            public void deleteAllOf(String keyId) {
                inner.deleteAllOf(keyId);
            }
        };
        Randomness randomness = new Randomness();
        Keysmith limited = new Keysmith(
                keys,
                new InMemoryPorts.Aliases(keys),
                twoPerKey,
                new InMemoryPorts.Root(randomness),
                List.of(),
                new KmsLocation("us-east-1", "111122223333"),
                randomness,
                clock);
        String keyId = limited.keys()
                .createKey(new NewKey(null, null, null, null, List.of()))
                .keyId();
        NewGrant request = new NewGrant(keyId, APP, null, List.of("Encrypt"), null, null, false);

        // When
        limited.grants().createGrant(request, "111122223333");
        limited.grants().createGrant(request, "111122223333");
        LimitExceededException refused = assertThrows(
                LimitExceededException.class, () -> limited.grants().createGrant(request, "111122223333"));

        // Then
        assertEquals(List.of(50_000, 50_000, 50_000), askedLimits);
        assertTrue(refused.getMessage().contains(":key/" + keyId), refused.getMessage());
        assertEquals(2, limited.grants().grantsFor(keyId, List.of()).size());
    }

    @Test
    void aDeletedKeysGrantsAreGone() {
        // Given a key with a grant, scheduled for deletion
        String keyId = newKey();
        grants.createGrant(new NewGrant(keyId, APP, APP, List.of("Decrypt"), null, "n", false), "111122223333");
        keysmith.keys().scheduleKeyDeletion(keyId, 7);

        // When its waiting period has passed
        clock.advance(Duration.ofDays(8));
        keysmith.sweep();

        // Then
        assertEquals(List.of(), grants.grantsFor(keyId, List.of()));
        assertEquals(List.of(), grants.listRetirableGrants(APP, 10, null).items());
    }
}
