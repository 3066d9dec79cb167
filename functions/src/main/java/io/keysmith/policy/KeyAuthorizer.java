package io.keysmith.policy;

import static io.keysmith.policy.Authorization.Outcome.ALLOWED;
import static io.keysmith.policy.Authorization.Outcome.EXPLICIT_DENY;
import static io.keysmith.policy.Authorization.Outcome.IMPLICIT_DENY;
import static io.keysmith.policy.Authorization.Source.GRANT;
import static io.keysmith.policy.Authorization.Source.KEY_POLICY;
import static io.keysmith.policy.Authorization.Source.SERVICE_POLICY;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * AWS KMS's authorization, with Keysmith's service policy standing in for IAM: an explicit Deny in the key policy
 * or the service policy wins; otherwise the key policy must allow the caller, directly, or through the account
 * principal together with the service policy; or a grant must. Actions without a key are the service policy's alone.
 */
public final class KeyAuthorizer {
    private final PolicyDocument servicePolicy;

    public KeyAuthorizer(PolicyDocument servicePolicy) {
        this.servicePolicy = Objects.requireNonNull(servicePolicy);
    }

    /** Authorizes an action on a key ({@code request.resource()} is its ARN) under its key policy and grants. */
    public Authorization authorize(RequestContext request, PolicyDocument keyPolicy, List<? extends Grant> grants) {
        return authorize(request, keyPolicy, () -> grants);
    }

    /** As above, with the grants read only when the policies neither deny nor allow on their own. */
    public Authorization authorize(
            RequestContext request, PolicyDocument keyPolicy, Supplier<? extends List<? extends Grant>> grants) {
        Decision key = PolicyEvaluator.evaluate(keyPolicy, request);
        if (key.isDeny()) {
            return explicitDeny(request, KEY_POLICY, key);
        }
        Decision service = PolicyEvaluator.evaluate(servicePolicy, request);
        if (service.isDeny()) {
            return explicitDeny(request, SERVICE_POLICY, service);
        }
        if (key.allowsDirectly()) {
            return allowed(KEY_POLICY, key.statementLabel());
        }
        if (key.isAllow() && service.isAllow()) {
            return allowed(SERVICE_POLICY, service.statementLabel());
        }
        for (Grant grant : grants.get()) {
            if (grant.allows(request)) {
                return allowed(GRANT, grant.grantId());
            }
        }
        // With the account principal allowed, the missing Allow is the service (IAM) policy's; else the key policy's.
        boolean keyPolicyLacks = !key.isAllow();
        return new Authorization(
                IMPLICIT_DENY,
                keyPolicyLacks ? KEY_POLICY : SERVICE_POLICY,
                null,
                AccessDeniedMessages.noPolicyAllows(
                        request.principalArn(), request.action(), request.resource(), keyPolicyLacks));
    }

    /** Authorizes an action without a key (CreateKey, ListKeys, ListAliases, GenerateRandom): the service policy. */
    public Authorization authorizeWithoutKey(RequestContext request) {
        Decision service = PolicyEvaluator.evaluate(servicePolicy, request);
        if (service.isDeny()) {
            return explicitDeny(request, SERVICE_POLICY, service);
        }
        if (service.isAllow()) {
            return allowed(SERVICE_POLICY, service.statementLabel());
        }
        return new Authorization(
                IMPLICIT_DENY,
                SERVICE_POLICY,
                null,
                AccessDeniedMessages.noPolicyAllows(
                        request.principalArn(), request.action(), request.resource(), false));
    }

    /**
     * The lockout check of CreateKey and PutKeyPolicy: would the new key policy still let this caller call
     * kms:PutKeyPolicy on the key? Grants never allow PutKeyPolicy, so none are considered.
     *
     * @throws io.keysmith.core.errors.MalformedPolicyDocumentException when it would not
     */
    public void requireNoLockout(PolicyDocument newKeyPolicy, RequestContext request) {
        Authorization after = authorize(request.withAction("kms:PutKeyPolicy"), newKeyPolicy, List.of());
        if (!after.allowed()) {
            throw PolicyErrors.malformed(PolicyErrors.LOCKOUT);
        }
    }

    private static Authorization allowed(Authorization.Source source, String decidedBy) {
        return new Authorization(ALLOWED, source, decidedBy, null);
    }

    private static Authorization explicitDeny(RequestContext request, Authorization.Source source, Decision decision) {
        return new Authorization(
                EXPLICIT_DENY,
                source,
                decision.statementLabel(),
                AccessDeniedMessages.explicitDeny(
                        request.principalArn(), request.action(), request.resource(), source == KEY_POLICY));
    }
}
