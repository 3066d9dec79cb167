package io.keysmith.core;

import io.keysmith.core.errors.AccessDeniedException;
import io.keysmith.policy.Authorization;
import io.keysmith.policy.DefaultPolicies;
import io.keysmith.policy.KeyAuthorizer;
import io.keysmith.policy.PolicyDocument;
import io.keysmith.policy.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides whether the current request's caller may take an action: builds the request context (the caller, the key
 * ARN and the condition keys) and asks the {@link KeyAuthorizer} with the key's policy and grants. Every operation
 * calls it after finding its key and before it checks the key's state, generates or writes anything, as AWS does.
 */
final class KeyAccess {
    /** Enough of a key's aliases for {@code kms:ResourceAliases}; AWS allows far fewer per key in practice. */
    private static final int MAX_RESOURCE_ALIASES = 100;

    private static final String RESOURCE_ALIASES = "kms:ResourceAliases";

    /** Parsed key policies kept by text: most keys share the default one, and parsing on every request is waste. */
    private static final int MAX_PARSED_POLICIES = 256;

    /** The condition keys an operation adds to the request context. */
    static final Consumer<RequestContext.Builder> NO_CONDITIONS = request -> {};

    private final KeyAuthorizer authorizer;
    private final boolean servicePolicyReadsAliases;
    private final StoredGrants grants;
    private final KmsLocation location;
    private final AliasStore aliases;
    private final Supplier<Instant> now;
    private final Map<String, PolicyDocument> parsedPolicies = new ConcurrentHashMap<>();

    KeyAccess(
            PolicyDocument servicePolicy,
            StoredGrants grants,
            KmsLocation location,
            AliasStore aliases,
            Supplier<Instant> now) {
        this.authorizer = new KeyAuthorizer(servicePolicy);
        this.servicePolicyReadsAliases = servicePolicy.refersTo(RESOURCE_ALIASES);
        this.grants = grants;
        this.location = location;
        this.aliases = aliases;
        this.now = now;
    }

    /** The caller of the request being served. */
    Caller caller() {
        return CallScope.current().caller();
    }

    /** True when the caller belongs to the deployment's account: only such a caller's aliases and key ids resolve. */
    boolean callerIsLocal() {
        return caller().account().equals(location.account());
    }

    /** The key's policy document as stored; a key stored before key policies has the default one. */
    String policyText(KeyRecord key) {
        return key.policy() != null ? key.policy() : defaultPolicyText();
    }

    String defaultPolicyText() {
        return DefaultPolicies.keyPolicyText(location.partition(), location.account());
    }

    /** Authorizes {@code kms:<operation>} on {@code key}; AccessDeniedException when no policy or grant allows it. */
    void authorize(KeyRecord key, String operation, Consumer<RequestContext.Builder> conditions) {
        PolicyDocument keyPolicy = keyPolicy(key);
        RequestContext request = keyRequest(key, "kms:" + operation, conditions, keyPolicy);
        // Tokens are checked on every request; the grants are read only when the policies leave the answer open.
        grants.checkTokens(key.keyId(), CallScope.current().grantTokens());
        decide(authorizer.authorize(request, keyPolicy, () -> grants.grantsOf(key.keyId())));
    }

    /** The key's policy, parsed; a stored policy was validated when it was written. */
    private PolicyDocument keyPolicy(KeyRecord key) {
        String text = policyText(key);
        PolicyDocument parsed = parsedPolicies.get(text);
        if (parsed == null) {
            if (parsedPolicies.size() >= MAX_PARSED_POLICIES) {
                parsedPolicies.clear();
            }
            parsed = PolicyDocument.parse(text);
            parsedPolicies.put(text, parsed);
        }
        return parsed;
    }

    /**
     * Authorizes an action the service policy alone decides: one without a key, or the alias side of an alias
     * operation ({@code resourceArn} the alias ARN; null for none, {@code *} in the message).
     */
    void authorizeWithoutKey(String operation, String resourceArn, Consumer<RequestContext.Builder> conditions) {
        RequestContext.Builder request = callerRequest("kms:" + operation).resource(resourceArn);
        conditions.accept(request);
        decide(authorizer.authorizeWithoutKey(request.build()));
    }

    /**
     * CreateKey's and PutKeyPolicy's safety check: the new policy must still let this caller call kms:PutKeyPolicy
     * on the key; MalformedPolicyDocumentException otherwise.
     */
    void requireNoLockout(PolicyDocument newPolicy, KeyRecord key, Consumer<RequestContext.Builder> conditions) {
        authorizer.requireNoLockout(newPolicy, keyRequest(key, "kms:PutKeyPolicy", conditions, newPolicy));
    }

    /**
     * The request context on {@code key}. Its aliases ({@code kms:ResourceAliases}) cost a store read, so they are
     * read only when the key policy or the service policy refers to them (grants cannot): otherwise they cannot
     * change the decision.
     */
    private RequestContext keyRequest(
            KeyRecord key, String action, Consumer<RequestContext.Builder> conditions, PolicyDocument keyPolicy) {
        RequestContext.Builder request = callerRequest(action)
                .resource(location.keyArn(key.keyId()))
                .key("kms:KeySpec", key.keySpec().name())
                .key("kms:KeyUsage", key.keyUsage().name())
                .key("kms:KeyOrigin", key.origin().name());
        List<String> aliasNames = servicePolicyReadsAliases || keyPolicy.refersTo(RESOURCE_ALIASES)
                ? resourceAliases(key.keyId())
                : List.of();
        if (!aliasNames.isEmpty()) {
            request.key("kms:ResourceAliases", aliasNames.toArray(String[]::new));
        }
        String requestAlias = CallScope.current().aliasOf(key.keyId());
        if (requestAlias != null) {
            request.key("kms:RequestAlias", requestAlias);
        }
        conditions.accept(request);
        return request.build();
    }

    private List<String> resourceAliases(String keyId) {
        return aliases.list(keyId, MAX_RESOURCE_ALIASES, null).items().stream()
                .map(AliasRecord::aliasName)
                .toList();
    }

    /** The global condition keys: who calls, from where, over what, and when. */
    private RequestContext.Builder callerRequest(String action) {
        Caller caller = caller();
        return RequestContext.builder(caller.arn(), action)
                .account(caller.account())
                .key("aws:SourceIp", caller.sourceIp())
                .key("aws:SecureTransport", Boolean.toString(caller.secureTransport()))
                .key("aws:CurrentTime", now.get().toString());
    }

    private static void decide(Authorization decision) {
        CallScope.current().decided(decision);
        if (!decision.allowed()) {
            throw new AccessDeniedException(decision.accessDeniedMessage());
        }
    }

    /** {@code kms:EncryptionContext:<key>} and {@code kms:EncryptionContextKeys} of a request's context. */
    static Consumer<RequestContext.Builder> encryptionContext(Map<String, String> context) {
        // Its limits are checked first: a policy's conditions are never evaluated on an oversized context.
        EncryptionContext.canonical(context == null ? Map.of() : context);
        return request -> request.encryptionContext(context == null ? Map.of() : context);
    }
}
