package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.MalformedPolicyDocumentException;
import io.keysmith.policy.Authorization.Outcome;
import io.keysmith.policy.Authorization.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The combination of key policy, service policy and grants. */
class KeyAuthorizerTest {
    private static final String ACCOUNT = "111122223333";
    private static final String KEY_ARN = PolicyTables.KEY_ARN;
    private static final String ROLE = "arn:aws:iam::111122223333:role/App";
    private static final String SESSION = "arn:aws:sts::111122223333:assumed-role/App/worker-1";
    private static final String STRANGER = "arn:aws:iam::444455556666:user/mallory";
    private static final PolicyDocument DEFAULT_KEY_POLICY =
            PolicyDocument.parse(DefaultPolicies.keyPolicyText("aws", ACCOUNT));
    private static final KeyAuthorizer DEFAULT = new KeyAuthorizer(DefaultPolicies.servicePolicy(ACCOUNT));
    /** A service policy that allows only another role: the stand-in for an IAM that does not allow App. */
    private static final KeyAuthorizer SERVICE_ALLOWS_ONLY_ADMIN = new KeyAuthorizer(policy("""
            {"Sid": "admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Admin"},
             "Action": "kms:*", "Resource": "*"}"""));

    @Test
    void grantsAreReadOnlyWhenThePoliciesLeaveTheAnswerOpen() {
        // Given: grants that count how often they are read
        int[] reads = {0};
        Grant grant = new TestGrant("g-1", STRANGER, Set.of("Decrypt"), Map.of());
        java.util.function.Supplier<List<Grant>> grants = () -> {
            reads[0]++;
            return List.of(grant);
        };

        // When: the policies allow one caller, and leave the other to the grants
        Authorization allowed = DEFAULT.authorize(request(SESSION, "kms:Decrypt"), DEFAULT_KEY_POLICY, grants);
        int readsForPolicyAllow = reads[0];
        Authorization granted = DEFAULT.authorize(request(STRANGER, "kms:Decrypt"), DEFAULT_KEY_POLICY, grants);

        // Then
        assertEquals(Source.SERVICE_POLICY, allowed.source());
        assertEquals(0, readsForPolicyAllow);
        assertEquals(Source.GRANT, granted.source());
        assertEquals(1, reads[0]);
    }

    @Test
    void defaultKeyPolicyHandsTheDecisionToTheServicePolicy() {
        Authorization result = DEFAULT.authorize(request(SESSION, "kms:Decrypt"), DEFAULT_KEY_POLICY, List.of());

        assertEquals(Outcome.ALLOWED, result.outcome());
        assertEquals(Source.SERVICE_POLICY, result.source());
        assertEquals("Allow the deployment's account", result.decidedBy());
        assertNull(result.accessDeniedMessage());
    }

    @Test
    void accountPrincipalAloneDoesNotAllowWhenTheServicePolicyDoesNot() {
        Authorization result =
                SERVICE_ALLOWS_ONLY_ADMIN.authorize(request(SESSION, "kms:Decrypt"), DEFAULT_KEY_POLICY, List.of());

        assertEquals(Outcome.IMPLICIT_DENY, result.outcome());
        assertEquals(Source.SERVICE_POLICY, result.source());
        assertEquals(
                "User: " + SESSION + " is not authorized to perform: kms:Decrypt on resource: " + KEY_ARN
                        + " because no identity-based policy allows the kms:Decrypt action",
                result.accessDeniedMessage());
    }

    @Test
    void keyPolicyNamingTheCallerNeedsNothingElse() {
        PolicyDocument keyPolicy = policy("""
                {"Sid": "app", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
                 "Action": "kms:Decrypt", "Resource": "*"}""");

        Authorization result =
                SERVICE_ALLOWS_ONLY_ADMIN.authorize(request(SESSION, "kms:Decrypt"), keyPolicy, List.of());

        assertEquals(Outcome.ALLOWED, result.outcome());
        assertEquals(Source.KEY_POLICY, result.source());
        assertEquals("app", result.decidedBy());
    }

    @Test
    void explicitDenyInTheKeyPolicyWinsOverEveryAllow() {
        // Given: the key policy allows the role and denies Decrypt without an encryption context
        PolicyDocument keyPolicy = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:*", "Resource": "*"},
                {"Sid": "require-context", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
                 "Condition": {"Null": {"kms:EncryptionContextKeys": "true"}}}""");
        Grant grant = new TestGrant("g-1", ROLE, Set.of("Decrypt"), Map.of());

        // When
        Authorization result = DEFAULT.authorize(request(SESSION, "kms:Decrypt"), keyPolicy, List.of(grant));

        // Then
        assertEquals(Outcome.EXPLICIT_DENY, result.outcome());
        assertEquals(Source.KEY_POLICY, result.source());
        assertEquals("require-context", result.decidedBy());
        assertEquals(
                "User: " + SESSION + " is not authorized to perform: kms:Decrypt on resource: " + KEY_ARN
                        + " with an explicit deny in a resource-based policy",
                result.accessDeniedMessage());
    }

    @Test
    void explicitDenyInTheServicePolicyWinsOverTheKeyPolicy() {
        // Given
        KeyAuthorizer authorizer = new KeyAuthorizer(policy("""
                {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"},
                {"Sid": "no-deletion", "Effect": "Deny", "Principal": {"AWS": "111122223333"},
                 "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}"""));
        PolicyDocument keyPolicy = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:*", "Resource": "*"}""");

        // When
        Authorization result = authorizer.authorize(request(SESSION, "kms:ScheduleKeyDeletion"), keyPolicy, List.of());

        // Then
        assertEquals(Outcome.EXPLICIT_DENY, result.outcome());
        assertEquals(Source.SERVICE_POLICY, result.source());
        assertEquals("no-deletion", result.decidedBy());
        assertEquals(
                "User: " + SESSION + " is not authorized to perform: kms:ScheduleKeyDeletion on resource: " + KEY_ARN
                        + " with an explicit deny in an identity-based policy",
                result.accessDeniedMessage());
    }

    @Test
    void callerOfAnotherAccountIsNotAllowedByTheDefaultKeyPolicy() {
        Authorization result = DEFAULT.authorize(request(STRANGER, "kms:Encrypt"), DEFAULT_KEY_POLICY, List.of());

        assertEquals(Outcome.IMPLICIT_DENY, result.outcome());
        assertEquals(Source.KEY_POLICY, result.source());
        assertEquals(
                "User: " + STRANGER + " is not authorized to perform: kms:Encrypt on resource: " + KEY_ARN
                        + " because no resource-based policy allows the kms:Encrypt action",
                result.accessDeniedMessage());
    }

    @Test
    void grantAllowsItsGranteeItsOperationsUnderItsConstraints() {
        // Given: a key policy that allows only Admin, and a grant of Decrypt to App for tenant=acme
        PolicyDocument keyPolicy = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Admin"}, "Action": "kms:*", "Resource": "*"}""");
        Grant grant = new TestGrant("g-acme", ROLE, Set.of("Decrypt", "GenerateDataKey"), Map.of("tenant", "acme"));
        RequestContext acme = RequestContext.builder(SESSION, "kms:Decrypt")
                .resource(KEY_ARN)
                .encryptionContext(Map.of("tenant", "acme"))
                .build();

        // When
        Authorization allowed = SERVICE_ALLOWS_ONLY_ADMIN.authorize(acme, keyPolicy, List.of(grant));
        Authorization otherTenant = SERVICE_ALLOWS_ONLY_ADMIN.authorize(
                RequestContext.builder(SESSION, "kms:Decrypt")
                        .resource(KEY_ARN)
                        .encryptionContext(Map.of("tenant", "globex"))
                        .build(),
                keyPolicy,
                List.of(grant));
        Authorization otherOperation =
                SERVICE_ALLOWS_ONLY_ADMIN.authorize(acme.withAction("kms:Encrypt"), keyPolicy, List.of(grant));
        Authorization otherCaller = SERVICE_ALLOWS_ONLY_ADMIN.authorize(
                RequestContext.builder(STRANGER, "kms:Decrypt")
                        .resource(KEY_ARN)
                        .encryptionContext(Map.of("tenant", "acme"))
                        .build(),
                keyPolicy,
                List.of(grant));

        // Then
        assertEquals(Outcome.ALLOWED, allowed.outcome());
        assertEquals(Source.GRANT, allowed.source());
        assertEquals("g-acme", allowed.decidedBy());
        assertEquals(Outcome.IMPLICIT_DENY, otherTenant.outcome());
        assertEquals(Outcome.IMPLICIT_DENY, otherOperation.outcome());
        assertEquals(Outcome.IMPLICIT_DENY, otherCaller.outcome());
    }

    @Test
    void actionWithoutAKeyIsTheServicePolicysAlone() {
        RequestContext ownAccount =
                RequestContext.builder(SESSION, "kms:CreateKey").build();
        RequestContext otherAccount =
                RequestContext.builder(STRANGER, "kms:ListKeys").build();

        Authorization allowed = DEFAULT.authorizeWithoutKey(ownAccount);
        Authorization denied = DEFAULT.authorizeWithoutKey(otherAccount);

        assertEquals(Outcome.ALLOWED, allowed.outcome());
        assertEquals(Source.SERVICE_POLICY, allowed.source());
        assertEquals(Outcome.IMPLICIT_DENY, denied.outcome());
        assertEquals(
                "User: " + STRANGER + " is not authorized to perform: kms:ListKeys on resource: *"
                        + " because no identity-based policy allows the kms:ListKeys action",
                denied.accessDeniedMessage());
    }

    @Test
    void explicitDenyForAnActionWithoutAKey() {
        KeyAuthorizer authorizer = new KeyAuthorizer(policy("""
                {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"},
                {"Sid": "no-random", "Effect": "Deny", "Principal": "*", "Action": "kms:GenerateRandom", "Resource": "*"}"""));

        Authorization result = authorizer.authorizeWithoutKey(
                RequestContext.builder(SESSION, "kms:GenerateRandom").build());

        assertEquals(Outcome.EXPLICIT_DENY, result.outcome());
        assertEquals("no-random", result.decidedBy());
        assertEquals(
                "User: " + SESSION + " is not authorized to perform: kms:GenerateRandom on resource: *"
                        + " with an explicit deny in an identity-based policy",
                result.accessDeniedMessage());
    }

    @Test
    void lockoutCheckPassesAPolicyThatKeepsPutKeyPolicy() {
        assertDoesNotThrow(() -> DEFAULT.requireNoLockout(DEFAULT_KEY_POLICY, request(SESSION, "kms:PutKeyPolicy")));
    }

    @Test
    void lockoutCheckRefusesAPolicyThatDropsTheCallersPutKeyPolicy() {
        // Given: a new policy that allows the caller to use the key but no longer to change its policy
        PolicyDocument newPolicy = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
                 "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"}""");

        // When
        MalformedPolicyDocumentException e = assertThrows(
                MalformedPolicyDocumentException.class,
                () -> SERVICE_ALLOWS_ONLY_ADMIN.requireNoLockout(newPolicy, request(SESSION, "kms:CreateKey")));

        // Then
        assertEquals("The new key policy will not allow you to update the key policy in the future.", e.getMessage());
    }

    @Test
    void lockoutCheckRefusesAPolicyThatDeniesPutKeyPolicy() {
        PolicyDocument newPolicy = policy("""
                {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"},
                {"Effect": "Deny", "Principal": "*", "Action": "kms:Put*", "Resource": "*"}""");

        assertThrows(
                MalformedPolicyDocumentException.class,
                () -> DEFAULT.requireNoLockout(newPolicy, request(ROLE, "kms:PutKeyPolicy")));
    }

    private static RequestContext request(String caller, String action) {
        return RequestContext.builder(caller, action).resource(KEY_ARN).build();
    }

    private static PolicyDocument policy(String statements) {
        return PolicyDocument.parse("{\"Version\": \"2012-10-17\", \"Statement\": [" + statements + "]}");
    }

    /** A grant with an EncryptionContextSubset constraint. */
    private record TestGrant(
            String grantId, String granteePrincipal, Set<String> operations, Map<String, String> contextSubset)
            implements Grant {
        @Override
        public boolean constraintsAllow(RequestContext request) {
            return contextSubset.entrySet().stream().allMatch(pair -> {
                List<String> values = request.values("kms:EncryptionContext:" + pair.getKey());
                return values != null && values.contains(pair.getValue());
            });
        }
    }
}
