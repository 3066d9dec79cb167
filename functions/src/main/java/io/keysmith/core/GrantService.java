package io.keysmith.core;

import io.keysmith.core.KeyResolver.Use;
import io.keysmith.core.errors.AccessDeniedException;
import io.keysmith.core.errors.DryRunOperationException;
import io.keysmith.core.errors.InvalidGrantIdException;
import io.keysmith.core.errors.LimitExceededException;
import io.keysmith.core.errors.NotFoundException;
import io.keysmith.core.errors.ValidationException;
import io.keysmith.policy.AccessDeniedMessages;
import io.keysmith.policy.Authorization;
import io.keysmith.policy.Grant;
import io.keysmith.policy.RequestContext;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant, and the grants that authorization
 * consults ({@link #grantsFor}). A grant takes effect, and ends, as soon as its call returns.
 */
public final class GrantService {
    /** AWS's quota of grants per KMS key. */
    static final int MAX_GRANTS_PER_KEY = 50_000;

    private static final String RETIRABLE_LIST = "retirable-grants";
    private static final Pattern GRANT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> ANY_KEY = Set.of("CreateGrant", "RetireGrant", "DescribeKey");

    private final GrantStore grants;
    private final KeyResolver resolver;
    private final KeyUpkeep upkeep;
    private final Markers markers;
    private final GrantTokens tokens;
    private final Randomness randomness;
    private final StoredGrants stored;

    GrantService(
            GrantStore grants,
            KeyResolver resolver,
            KeyUpkeep upkeep,
            Markers markers,
            GrantTokens tokens,
            Randomness randomness,
            StoredGrants stored) {
        this.grants = grants;
        this.resolver = resolver;
        this.upkeep = upkeep;
        this.markers = markers;
        this.tokens = tokens;
        this.randomness = randomness;
        this.stored = stored;
    }

    /** A new grant's id and a token for it. */
    public record CreatedGrant(String grantId, String grantToken) {
        @Override
        public String toString() {
            return "CreatedGrant[" + grantId + ", token redacted]";
        }
    }

    /**
     * Creates the grant, or, for a name and parameters already granted, returns that grant's id with a new token.
     *
     * @param issuingAccount the caller's account
     */
    public CreatedGrant createGrant(NewGrant request, String issuingAccount) {
        KeyRecord key = resolver.authorized(
                request.keyId(), Use.MANAGE, "CreateGrant", conditions(createGrantConditionKeys(request)));
        requireNoMoreThanTheGrantThatAllowed(key, request);
        requirePrincipal(request.granteePrincipal());
        if (request.retiringPrincipal() != null) {
            requirePrincipal(request.retiringPrincipal());
        }
        List<String> operations = List.copyOf(new LinkedHashSet<>(request.operations()));
        requireOperationsFor(key, operations);
        if (request.dryRun()) {
            throw dryRun();
        }
        GrantRecord grant = new GrantRecord(
                key.keyId(),
                HexFormat.of().formatHex(randomness.bytes(32)),
                request.name(),
                request.granteePrincipal(),
                request.retiringPrincipal(),
                operations,
                request.constraints(),
                issuingAccount,
                upkeep.now());
        GrantStore.Creation creation = grants.create(grant, MAX_GRANTS_PER_KEY);
        return switch (creation.outcome()) {
            case CREATED, DUPLICATE ->
                new CreatedGrant(
                        creation.grant().grantId(),
                        tokens.issue(key.keyId(), creation.grant().grantId()));
            case LIMIT_REACHED ->
                throw new LimitExceededException("Grants limit exceeded for key " + resolver.arn(key) + ": a KMS key "
                        + "can have at most " + MAX_GRANTS_PER_KEY + " grants.");
            case KEY_MISSING -> throw resolver.keyNotFound(key.keyId());
        };
    }

    /** A key's grants, or the one grant {@code grantId} names, of {@code granteePrincipal} when not null. */
    public Page<GrantRecord> listGrants(
            String keyId, String grantId, String granteePrincipal, int limit, String marker) {
        KeyRecord key = resolver.authorized(keyId, Use.READ, "ListGrants", conditions(grantIsForAwsResource()));
        String list = "grants/" + key.keyId();
        if (grantId != null) {
            markers.decode(list, marker);
            requireGrantIdForm(grantId);
            List<GrantRecord> one = grants.find(key.keyId(), grantId)
                    .filter(g ->
                            granteePrincipal == null || g.granteePrincipal().equals(granteePrincipal))
                    .map(List::of)
                    .orElse(List.of());
            return new Page<>(one, null);
        }
        return markers.encodePage(
                list, grants.listOfKey(key.keyId(), granteePrincipal, limit, markers.decode(list, marker)));
    }

    public Page<GrantRecord> listRetirableGrants(String retiringPrincipal, int limit, String marker) {
        resolver.access().authorizeWithoutKey("ListRetirableGrants", null, KeyAccess.NO_CONDITIONS);
        return markers.encodePage(
                RETIRABLE_LIST, grants.listRetirable(retiringPrincipal, limit, markers.decode(RETIRABLE_LIST, marker)));
    }

    /**
     * Retires the grant a token names, or the one {@code keyId} and {@code grantId} name. Allowed to its retiring
     * principal, to its grantee when it grants RetireGrant, and to the root of the account that created it.
     */
    public void retireGrant(String grantToken, String keyId, String grantId, boolean dryRun, Caller caller) {
        String targetKeyId;
        String targetGrantId;
        if (grantToken != null) {
            GrantTokens.Claims claims = tokens.open(grantToken);
            targetKeyId = claims.keyId();
            targetGrantId = claims.grantId();
            if (grantId != null && !grantId.equals(targetGrantId)) {
                throw new ValidationException("The grant ID and the grant token do not name the same grant.");
            }
            if (keyId != null && !resolver.resolve(keyId).keyId().equals(targetKeyId)) {
                throw GrantTokens.invalid();
            }
        } else {
            if (keyId == null || grantId == null) {
                throw new ValidationException("Grant token OR (grant ID, key ID) must be specified");
            }
            targetKeyId = resolver.resolve(keyId).keyId();
            targetGrantId = grantId;
            requireGrantIdForm(grantId);
        }
        KeyRecord key = resolver.findKey(targetKeyId);
        resolver.require(key, Use.MANAGE);
        GrantRecord grant = grants.find(key.keyId(), targetGrantId).orElseThrow(() -> grantNotFound(targetGrantId));
        if (!mayRetire(grant, caller)) {
            throw new AccessDeniedException(
                    AccessDeniedMessages.noPolicyAllows(caller.arn(), "kms:RetireGrant", resolver.arn(key), true));
        }
        if (dryRun) {
            throw dryRun();
        }
        if (!grants.delete(key.keyId(), targetGrantId)) {
            throw grantNotFound(targetGrantId);
        }
    }

    /** Deletes a grant; whether the caller may is the key policy's to say, as for any management operation. */
    public void revokeGrant(String keyId, String grantId, boolean dryRun) {
        KeyRecord key = resolver.authorized(keyId, Use.MANAGE, "RevokeGrant", conditions(grantIsForAwsResource()));
        requireGrantIdForm(grantId);
        if (grants.find(key.keyId(), grantId).isEmpty()) {
            throw grantNotFound(grantId);
        }
        if (dryRun) {
            throw dryRun();
        }
        if (!grants.delete(key.keyId(), grantId)) {
            throw grantNotFound(grantId);
        }
    }

    private static Consumer<RequestContext.Builder> conditions(Map<String, List<String>> keys) {
        return request -> keys.forEach((name, values) -> request.key(name, values.toArray(String[]::new)));
    }

    /** The key's grants in effect, plus those its valid tokens name: see {@link StoredGrants}. */
    public List<Grant> grantsFor(String keyId, List<String> grantTokens) {
        return stored.grantsFor(keyId, grantTokens);
    }

    /**
     * The condition keys CreateGrant supplies to the authorizer with action {@code kms:CreateGrant}, besides
     * those of every request: ListGrants and RevokeGrant supply {@code kms:GrantIsForAWSResource} alone.
     */
    public static Map<String, List<String>> createGrantConditionKeys(NewGrant request) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("kms:GrantOperations", List.copyOf(new LinkedHashSet<>(request.operations())));
        keys.put("kms:GranteePrincipal", List.of(request.granteePrincipal()));
        if (request.retiringPrincipal() != null) {
            keys.put("kms:RetiringPrincipal", List.of(request.retiringPrincipal()));
        }
        GrantConstraints constraints = request.constraints();
        if (constraints != null) {
            List<String> types = new ArrayList<>();
            if (constraints.encryptionContextEquals() != null) {
                types.add("EncryptionContextEquals");
            }
            if (constraints.encryptionContextSubset() != null) {
                types.add("EncryptionContextSubset");
            }
            if (!types.isEmpty()) {
                keys.put("kms:GrantConstraintType", types);
            }
        }
        keys.putAll(grantIsForAwsResource());
        return keys;
    }

    /** Keysmith has no AWS services that create grants: {@code kms:GrantIsForAWSResource} is always false. */
    public static Map<String, List<String>> grantIsForAwsResource() {
        return Map.of("kms:GrantIsForAWSResource", List.of("false"));
    }

    private boolean mayRetire(GrantRecord grant, Caller caller) {
        return (grant.retiringPrincipal() != null && isCaller(grant.retiringPrincipal(), caller))
                || (grant.operations().contains("RetireGrant") && isCaller(grant.granteePrincipal(), caller))
                || caller.arn().equals("arn:aws:iam::" + grant.issuingAccount() + ":root");
    }

    /** Whether a principal ARN names the caller: the same ARN, or the role of an assumed-role session. */
    static boolean isCaller(String principal, Caller caller) {
        if (principal.equals(caller.arn())) {
            return true;
        }
        String rolePrefix = "arn:aws:iam::" + caller.account() + ":role/";
        String sessionPrefix = "arn:aws:sts::" + caller.account() + ":assumed-role/";
        if (principal.startsWith(rolePrefix) && caller.arn().startsWith(sessionPrefix)) {
            String roleName = principal.substring(principal.lastIndexOf('/') + 1);
            String session = caller.arn().substring(sessionPrefix.length());
            return session.startsWith(roleName + "/");
        }
        return false;
    }

    private static void requirePrincipal(String principal) {
        if (!Caller.isPrincipalArn(principal)) {
            throw new ValidationException("Invalid principal: " + principal);
        }
    }

    /** Only the operations that make sense for the key's type, as AWS allows. */
    private void requireOperationsFor(KeyRecord key, List<String> operations) {
        if (operations.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value '[]' at 'operations' failed to "
                    + "satisfy constraint: Member must have length greater than or equal to 1");
        }
        Set<String> valid = new LinkedHashSet<>(ANY_KEY);
        valid.addAll(
                switch (key.keyUsage()) {
                    case ENCRYPT_DECRYPT ->
                        key.isSymmetric()
                                ? List.copyOf(StoredGrants.WITH_CONTEXT)
                                : List.of("Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey");
                    case SIGN_VERIFY -> List.of("Sign", "Verify", "GetPublicKey");
                    case GENERATE_VERIFY_MAC -> List.of("GenerateMac", "VerifyMac");
                    case KEY_AGREEMENT -> List.of("DeriveSharedSecret", "GetPublicKey");
                });
        List<String> invalid =
                operations.stream().filter(op -> !valid.contains(op)).toList();
        if (!invalid.isEmpty()) {
            throw new ValidationException("Grant operations " + invalid + " are not valid for a KMS key with KeySpec "
                    + key.keySpec() + " and KeyUsage " + key.keyUsage() + ".");
        }
    }

    /**
     * A grant created on the authority of another grant gives no more than that grant, as AWS limits it: only
     * operations that grant lists, and constraints at least as strict as its own.
     */
    private void requireNoMoreThanTheGrantThatAllowed(KeyRecord key, NewGrant request) {
        Authorization decision = CallScope.lastDecision();
        if (decision == null || decision.source() != Authorization.Source.GRANT) {
            return;
        }
        GrantRecord parent = grants.find(key.keyId(), decision.decidedBy()).orElse(null);
        if (parent == null
                || !parent.operations().containsAll(request.operations())
                || !atLeastAsStrict(request.constraints(), parent.constraints())) {
            throw new AccessDeniedException(AccessDeniedMessages.noPolicyAllows(
                    CallScope.current().caller().arn(), "kms:CreateGrant", resolver.arn(key), true));
        }
    }

    /** Equals must stay the same; a Subset's pairs must all stay, in a Subset or in an Equals. Keys without case. */
    static boolean atLeastAsStrict(GrantConstraints child, GrantConstraints parent) {
        if (parent == null) {
            return true;
        }
        if (child == null) {
            return false;
        }
        if (parent.encryptionContextEquals() != null
                && !lowerKeys(parent.encryptionContextEquals()).equals(lowerKeys(child.encryptionContextEquals()))) {
            return false;
        }
        if (parent.encryptionContextSubset() != null) {
            Map<String, String> kept = child.encryptionContextEquals() != null
                    ? child.encryptionContextEquals()
                    : child.encryptionContextSubset();
            return kept != null
                    && lowerKeys(kept)
                            .entrySet()
                            .containsAll(
                                    lowerKeys(parent.encryptionContextSubset()).entrySet());
        }
        return true;
    }

    private static Map<String, String> lowerKeys(Map<String, String> pairs) {
        if (pairs == null) {
            return null;
        }
        Map<String, String> lower = new LinkedHashMap<>();
        pairs.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    private static void requireGrantIdForm(String grantId) {
        if (!GRANT_ID.matcher(grantId).matches()) {
            throw new InvalidGrantIdException("Invalid grant ID: " + grantId);
        }
    }

    private static NotFoundException grantNotFound(String grantId) {
        return new NotFoundException("Grant ID " + grantId + " not found.");
    }

    private static DryRunOperationException dryRun() {
        return new DryRunOperationException("The request would have succeeded, but the DryRun option is set.");
    }
}
