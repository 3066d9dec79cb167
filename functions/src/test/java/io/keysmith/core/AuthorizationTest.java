package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.errors.AccessDeniedException;
import io.keysmith.core.errors.MalformedPolicyDocumentException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.policy.Authorization;
import io.keysmith.policy.DefaultPolicies;
import io.keysmith.policy.PolicyDocument;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Key policies, the service policy and grants deciding each core operation, before anything is written. */
class AuthorizationTest {
    private static final String ACCOUNT = "111122223333";
    private static final Caller ROOT = TestCallers.ROOT;
    private static final Caller ADMIN = Caller.of("arn:aws:iam::111122223333:user/admin", "10.0.0.1", true);
    private static final Caller ALICE = Caller.of("arn:aws:iam::111122223333:user/alice", "10.0.0.2", true);
    private static final Caller BOB = Caller.of("arn:aws:iam::111122223333:user/bob", "10.0.0.3", true);
    private static final Caller CAROL = Caller.of("arn:aws:iam::444455556666:user/carol", "10.0.0.4", true);

    /** Admin manages the key; Alice may only make key pairs for tenant acme; nobody gets RSA_4096 pairs. */
    private static final String TENANT_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/admin"},
               "Action": "kms:*", "Resource": "*"},
              {"Sid": "AliceForAcme", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
               "Action": "kms:GenerateDataKeyPairWithoutPlaintext", "Resource": "*",
               "Condition": {"StringEquals": {"kms:EncryptionContext:tenant": "acme"}}},
              {"Sid": "NoRsa4096", "Effect": "Deny", "Principal": "*",
               "Action": "kms:GenerateDataKeyPair*", "Resource": "*",
               "Condition": {"StringEquals": {"kms:DataKeyPairSpec": "RSA_4096"}}},
              {"Sid": "CarolUses", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:user/carol"},
               "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}
            ]}""";

    private final InMemoryPorts.Keys keyStore = new InMemoryPorts.Keys();
    private final RootKey rootKey = InMemoryPorts.rootKey();
    private final Keysmith keysmith = keysmith(DefaultPolicies.servicePolicy(ACCOUNT));

    private Keysmith keysmith(PolicyDocument servicePolicy) {
        Randomness randomness = new Randomness();
        return new Keysmith(
                keyStore,
                new InMemoryPorts.Aliases(keyStore),
                new InMemoryPorts.Grants(keyStore),
                rootKey,
                List.of(),
                new KmsLocation("us-east-1", ACCOUNT),
                randomness,
                Clock.systemUTC(),
                servicePolicy);
    }

    private static void as(Caller caller) {
        CallScope.open(caller, List.of());
    }

    @AfterEach
    void closeScope() {
        CallScope.close();
    }

    private KeyRecord tenantKey() {
        as(ADMIN);
        return keysmith.keys().createKey(new NewKey(null, null, null, null, List.of(), TENANT_POLICY, false));
    }

    private DataKeyPair pair(String keyId, DataKeyPairSpec spec, String tenant) {
        return keysmith.crypto()
                .generateDataKeyPair(
                        "GenerateDataKeyPairWithoutPlaintext",
                        new DataKeyPairRequest(keyId, spec, Map.of("tenant", tenant), false),
                        null);
    }

    @Test
    void aKeyWithoutAPolicyGetsAwsDefaultPolicyVerbatim() {
        as(ROOT);
        KeyRecord key = keysmith.keys().createKey(new NewKey(null, null, null, null, List.of()));

        assertEquals(
                DefaultPolicies.keyPolicyText("aws", ACCOUNT), keysmith.keys().getKeyPolicy(key.keyId(), null));
        assertEquals(List.of("default"), keysmith.keys().listKeyPolicies(key.keyId()));
        // Another user of the account: the default policy hands the decision to the (default) service policy.
        as(BOB);
        assertEquals(key.keyId(), keysmith.keys().describeKey(key.keyId()).keyId());
        Authorization decision = CallScope.lastDecision();
        assertEquals(Authorization.Source.SERVICE_POLICY, decision.source());
    }

    @Test
    void aKeyStoredBeforeKeyPoliciesHasTheDefaultOne() {
        as(ROOT);
        KeyRecord key = keysmith.keys().createKey(new NewKey(null, null, null, null, List.of()));
        keyStore.keys.put(key.keyId(), key.withPolicy(null));

        assertEquals(
                DefaultPolicies.keyPolicyText("aws", ACCOUNT), keysmith.keys().getKeyPolicy(key.keyId(), null));
    }

    @Test
    void theKeyPolicyDecidesWhoGeneratesKeyPairsAndForWhichContext() {
        // Given
        KeyRecord key = tenantKey();
        as(ALICE);

        // When / Then: Alice for acme, never for another tenant, never RSA_4096; Bob never
        assertNotNull(pair(key.keyId(), DataKeyPairSpec.ECC_NIST_P256, "acme").publicKey());
        assertEquals("KEY_POLICY:AliceForAcme", label(CallScope.lastDecision()));
        AccessDeniedException otherTenant = assertThrows(
                AccessDeniedException.class, () -> pair(key.keyId(), DataKeyPairSpec.ECC_NIST_P256, "globex"));
        assertEquals(
                "User: arn:aws:iam::111122223333:user/alice is not authorized to perform:"
                        + " kms:GenerateDataKeyPairWithoutPlaintext on resource: arn:aws:kms:us-east-1:111122223333:key/"
                        + key.keyId() + " because no resource-based policy allows the"
                        + " kms:GenerateDataKeyPairWithoutPlaintext action",
                otherTenant.getMessage());
        AccessDeniedException rsa =
                assertThrows(AccessDeniedException.class, () -> pair(key.keyId(), DataKeyPairSpec.RSA_4096, "acme"));
        assertTrue(rsa.getMessage().endsWith("with an explicit deny in a resource-based policy"), rsa.getMessage());
        assertEquals("KEY_POLICY:NoRsa4096", label(CallScope.lastDecision()));
        as(BOB);
        assertThrows(AccessDeniedException.class, () -> pair(key.keyId(), DataKeyPairSpec.ECC_NIST_P256, "acme"));
        assertThrows(AccessDeniedException.class, () -> keysmith.keys().describeKey(key.keyId()));
    }

    @Test
    void aDeniedChangeWritesNothing() {
        // Given
        KeyRecord key = tenantKey();
        long version = keyStore.keys.get(key.keyId()).version();

        // When
        as(ALICE);
        assertThrows(AccessDeniedException.class, () -> keysmith.keys().scheduleKeyDeletion(key.keyId(), 7));
        assertThrows(
                AccessDeniedException.class,
                () -> keysmith.keys().putKeyPolicy(key.keyId(), null, TENANT_POLICY.replace("acme", "x"), true));
        assertThrows(AccessDeniedException.class, () -> keysmith.aliases().createAlias("alias/alice", key.keyId()));

        // Then
        KeyRecord stored = keyStore.keys.get(key.keyId());
        assertEquals(version, stored.version());
        assertEquals(KeyState.Enabled, stored.keyState());
        assertEquals(TENANT_POLICY, stored.policy());
        as(ADMIN);
        assertTrue(keysmith.aliases().listAliases(null, 10, null).items().isEmpty());
    }

    @Test
    void anotherAccountUsesTheKeyByArnButNeverByAliasOrBareId() {
        // Given
        KeyRecord key = tenantKey();
        keysmith.aliases().createAlias("alias/shared", key.keyId());
        String arn = keysmith.location().keyArn(key.keyId());

        // When
        as(CAROL);
        Encrypted encrypted = keysmith.crypto()
                .encrypt(new EncryptRequest(arn, new SecretBytes(new byte[] {1, 2, 3}), Map.of(), null, false));

        // Then
        assertEquals(arn, encrypted.keyArn());
        NotFoundException byAlias = assertThrows(
                NotFoundException.class,
                () -> keysmith.crypto()
                        .encrypt(new EncryptRequest(
                                "alias/shared", new SecretBytes(new byte[] {1}), Map.of(), null, false)));
        assertEquals("Alias arn:aws:kms:us-east-1:111122223333:alias/shared is not found.", byAlias.getMessage());
        NotFoundException byId =
                assertThrows(NotFoundException.class, () -> keysmith.keys().describeKey(key.keyId()));
        assertEquals(
                "Key 'arn:aws:kms:us-east-1:444455556666:key/" + key.keyId() + "' does not exist", byId.getMessage());
        assertThrows(AccessDeniedException.class, () -> keysmith.keys().scheduleKeyDeletion(arn, 7));
    }

    @Test
    void aPolicyThatLocksTheCallerOutIsRefusedUnlessBypassed() {
        // Given
        KeyRecord key = tenantKey();
        String aliceOnly =
                TENANT_POLICY.replace("\"Sid\": \"Admin\"", "\"Sid\": \"Gone\"").replace("user/admin", "user/nobody");

        // When / Then
        MalformedPolicyDocumentException lockout = assertThrows(
                MalformedPolicyDocumentException.class,
                () -> keysmith.keys().putKeyPolicy(key.keyId(), "default", aliceOnly, false));
        assertEquals(
                "The new key policy will not allow you to update the key policy in the future.", lockout.getMessage());
        assertEquals(TENANT_POLICY, keysmith.keys().getKeyPolicy(key.keyId(), "default"));
        keysmith.keys().putKeyPolicy(key.keyId(), "default", aliceOnly, true);
        assertThrows(AccessDeniedException.class, () -> keysmith.keys().getKeyPolicy(key.keyId(), "default"));
        assertThrows(
                MalformedPolicyDocumentException.class,
                () -> keysmith.keys().createKey(new NewKey(null, null, null, null, List.of(), aliceOnly, false)));
    }

    @Test
    void aMalformedPolicyIsRefusedAndAnUnknownPolicyNameIsNotFound() {
        KeyRecord key = tenantKey();

        assertThrows(
                MalformedPolicyDocumentException.class,
                () -> keysmith.keys().createKey(new NewKey(null, null, null, null, List.of(), "{not json", true)));
        assertThrows(
                MalformedPolicyDocumentException.class,
                () -> keysmith.keys().putKeyPolicy(key.keyId(), null, "{\"Statement\": []}", true));
        assertThrows(NotFoundException.class, () -> keysmith.keys().getKeyPolicy(key.keyId(), "other"));
    }

    @Test
    void theServicePolicyDecidesKeylessActionsAndTheAccountPrincipal() {
        // Given: a service policy that lets only the admin act, and denies GenerateRandom to everyone
        Keysmith strict = keysmith(PolicyDocument.parse("""
                        {"Version": "2012-10-17", "Statement": [
                          {"Sid": "AdminOnly", "Effect": "Allow",
                           "Principal": {"AWS": "arn:aws:iam::111122223333:user/admin"},
                           "Action": "kms:*", "Resource": "*"},
                          {"Sid": "NoRandom", "Effect": "Deny", "Principal": "*",
                           "Action": "kms:GenerateRandom", "Resource": "*"}]}"""));
        as(ADMIN);
        KeyRecord key = strict.keys().createKey(new NewKey(null, null, null, null, List.of()));

        // When / Then
        assertThrows(AccessDeniedException.class, () -> strict.crypto().generateRandom(8));
        assertEquals("SERVICE_POLICY:NoRandom", label(CallScope.lastDecision()));
        as(BOB);
        AccessDeniedException listKeys =
                assertThrows(AccessDeniedException.class, () -> strict.keys().listKeys(10, null));
        assertEquals(
                "User: arn:aws:iam::111122223333:user/bob is not authorized to perform: kms:ListKeys on resource: *"
                        + " because no identity-based policy allows the kms:ListKeys action",
                listKeys.getMessage());
        // The default key policy names the account: the service policy must allow Bob too, and does not.
        assertThrows(AccessDeniedException.class, () -> strict.keys().describeKey(key.keyId()));
    }

    @Test
    void aGrantAllowsWhatThePoliciesDoNot() {
        // Given: the admin grants Bob Encrypt, which no policy allows him
        KeyRecord key = tenantKey();
        String keyId = key.keyId();
        GrantService.CreatedGrant grant = keysmith.grants()
                .createGrant(new NewGrant(keyId, BOB.arn(), null, List.of("Encrypt"), null, null, false), ACCOUNT);

        // When
        as(BOB);
        keysmith.crypto().encrypt(new EncryptRequest(keyId, new SecretBytes(new byte[] {7}), Map.of(), null, false));

        // Then: the grant decided, and it allows nothing else
        assertEquals("GRANT:" + grant.grantId(), label(CallScope.lastDecision()));
        assertThrows(AccessDeniedException.class, () -> keysmith.keys().describeKey(keyId));
    }

    @Test
    void aGrantThatAllowsCreateGrantPassesOnNoMoreThanItHas() {
        // Given: the admin grants Alice CreateGrant and Encrypt, for tenant acme only
        KeyRecord key = tenantKey();
        String keyId = key.keyId();
        GrantConstraints acmeOnly = new GrantConstraints(Map.of("tenant", "acme"), null);
        keysmith.grants()
                .createGrant(
                        new NewGrant(
                                keyId, ALICE.arn(), null, List.of("CreateGrant", "Encrypt"), acmeOnly, null, false),
                        ACCOUNT);
        as(ALICE);

        // When / Then: she may pass on Encrypt for acme, but not Decrypt, and not Encrypt without the constraint
        keysmith.grants()
                .createGrant(new NewGrant(keyId, BOB.arn(), null, List.of("Encrypt"), acmeOnly, null, false), ACCOUNT);
        assertThrows(
                AccessDeniedException.class,
                () -> keysmith.grants()
                        .createGrant(
                                new NewGrant(keyId, ALICE.arn(), null, List.of("Decrypt"), null, null, false),
                                ACCOUNT));
        assertThrows(
                AccessDeniedException.class,
                () -> keysmith.grants()
                        .createGrant(
                                new NewGrant(keyId, BOB.arn(), null, List.of("Encrypt"), null, null, false), ACCOUNT));
    }

    @Test
    void reEncryptTakesTheGrantTokensOfBothItsKeys() {
        // Given: Bob holds ReEncryptFrom on one key and ReEncryptTo on another, by grants, and their tokens
        String from = tenantKey().keyId();
        String to = tenantKey().keyId();
        byte[] blob = keysmith.crypto()
                .encrypt(new EncryptRequest(from, new SecretBytes(new byte[] {7}), Map.of(), null, false))
                .ciphertext();
        String fromToken = keysmith.grants()
                .createGrant(new NewGrant(from, BOB.arn(), null, List.of("ReEncryptFrom"), null, null, false), ACCOUNT)
                .grantToken();
        String toToken = keysmith.grants()
                .createGrant(new NewGrant(to, BOB.arn(), null, List.of("ReEncryptTo"), null, null, false), ACCOUNT)
                .grantToken();
        CallScope.close();
        CallScope.open(BOB, List.of(fromToken, toToken));

        // When
        ReEncrypted moved = keysmith.crypto()
                .reEncrypt(new ReEncryptRequest(blob, Map.of(), null, null, to, Map.of(), null, false));

        // Then: both tokens were taken, each for the key it names
        assertTrue(
                moved.destination().keyArn().endsWith(to), moved.destination().keyArn());
    }

    @Test
    void aliasConditionsSeeTheAliasNamedAndTheKeysAliases() {
        // Given: Bob encrypts only when he names the key by alias/app, and decrypts only keys that have alias/app
        as(ROOT);
        String policy = """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": "kms:*", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:root"}}},
                  {"Sid": "ByAlias", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"},
                   "Action": "kms:Encrypt", "Resource": "*",
                   "Condition": {"StringEquals": {"kms:RequestAlias": "alias/app"}}},
                  {"Sid": "AppKeys", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"},
                   "Action": "kms:Decrypt", "Resource": "*",
                   "Condition": {"ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/app"}}}]}""";
        KeyRecord key = keysmith.keys().createKey(new NewKey(null, null, null, null, List.of(), policy, false));
        keysmith.aliases().createAlias("alias/app", key.keyId());
        keysmith.aliases().createAlias("alias/other", key.keyId());
        as(BOB);

        // When
        Encrypted byAlias = keysmith.crypto()
                .encrypt(new EncryptRequest("alias/app", new SecretBytes(new byte[] {1}), Map.of(), null, false));

        // Then
        assertEquals("KEY_POLICY:ByAlias", label(CallScope.lastDecision()));
        assertThrows(
                AccessDeniedException.class,
                () -> keysmith.crypto()
                        .encrypt(new EncryptRequest(
                                "alias/other", new SecretBytes(new byte[] {1}), Map.of(), null, false)));
        assertThrows(
                AccessDeniedException.class,
                () -> keysmith.crypto()
                        .encrypt(new EncryptRequest(
                                key.keyId(), new SecretBytes(new byte[] {1}), Map.of(), null, false)));
        keysmith.crypto().decrypt(new DecryptRequest(byAlias.ciphertext(), Map.of(), null, null, false), null);
        assertEquals("KEY_POLICY:AppKeys", label(CallScope.lastDecision()));
        as(ROOT);
        keysmith.aliases().deleteAlias("alias/app");
        as(BOB);
        assertThrows(
                AccessDeniedException.class,
                () -> keysmith.crypto()
                        .decrypt(new DecryptRequest(byAlias.ciphertext(), Map.of(), null, null, false), null));
    }

    @Test
    void theServicePolicySeesTheKeysAliasesToo() {
        // Given: the key's policy is the default one, and the service policy denies Encrypt with keys under
        // alias/frozen
        Keysmith frozen = keysmith(PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": "kms:*", "Resource": "*"},
                  {"Sid": "Frozen", "Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*",
                   "Condition": {"ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/frozen"}}}]}"""));
        as(ROOT);
        KeyRecord key = frozen.keys().createKey(new NewKey(null, null, null, null, List.of()));
        EncryptRequest encrypt =
                new EncryptRequest(key.keyId(), new SecretBytes(new byte[] {1}), Map.of(), null, false);
        frozen.crypto().encrypt(encrypt);

        // When
        frozen.aliases().createAlias("alias/frozen", key.keyId());

        // Then
        assertThrows(AccessDeniedException.class, () -> frozen.crypto().encrypt(encrypt));
        assertEquals("SERVICE_POLICY:Frozen", label(CallScope.lastDecision()));
    }

    @Test
    void reEncryptNeedsFromOnTheSourceAndToOnTheDestination() {
        // Given: Bob may re-encrypt from the tenant key, but only to the same key
        KeyRecord source = tenantKey();
        as(ROOT);
        KeyRecord other = keysmith.keys().createKey(new NewKey(null, null, null, null, List.of()));
        as(ADMIN);
        keysmith.keys()
                .putKeyPolicy(
                        source.keyId(),
                        null,
                        TENANT_POLICY.replace(
                                "{\"Sid\": \"CarolUses\"",
                                "{\"Sid\": \"BobSameKey\", \"Effect\": \"Allow\","
                                        + " \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:user/bob\"},"
                                        + " \"Action\": [\"kms:ReEncryptFrom\", \"kms:ReEncryptTo\"],"
                                        + " \"Resource\": \"*\", \"Condition\": {\"Bool\":"
                                        + " {\"kms:ReEncryptOnSameKey\": \"true\"}}},\n  {\"Sid\": \"CarolUses\""),
                        false);
        byte[] ciphertext = keysmith.crypto()
                .encrypt(new EncryptRequest(source.keyId(), new SecretBytes(new byte[] {5}), Map.of(), null, false))
                .ciphertext();
        as(BOB);

        // When
        ReEncrypted same = keysmith.crypto()
                .reEncrypt(
                        new ReEncryptRequest(ciphertext, Map.of(), null, null, source.keyId(), Map.of(), null, false));

        // Then
        assertEquals(
                keysmith.location().keyArn(source.keyId()), same.destination().keyArn());
        AccessDeniedException toOther = assertThrows(
                AccessDeniedException.class,
                () -> keysmith.crypto()
                        .reEncrypt(new ReEncryptRequest(
                                ciphertext, Map.of(), null, null, other.keyId(), Map.of(), null, false)));
        assertTrue(toOther.getMessage().contains("kms:ReEncryptFrom"), toOther.getMessage());
    }

    @Test
    void theCoreRefusesToActWithoutACaller() {
        CallScope.close();
        assertThrows(IllegalStateException.class, () -> keysmith.keys().listKeys(10, null));
    }

    private static String label(Authorization decision) {
        return decision.source() + ":" + decision.decidedBy();
    }
}
