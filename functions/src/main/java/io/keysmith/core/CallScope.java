package io.keysmith.core;

import io.keysmith.policy.Authorization;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who makes the request being served, and the grant tokens it presents: the api layer opens a scope around each
 * operation, and the core authorizes every action against it. Confined to the serving thread, as the core never
 * hands work to another thread (like {@link ResolvedKey}). Without an open scope the core refuses to act, so that a
 * path that forgot the caller fails closed.
 */
public final class CallScope {
    private static final ThreadLocal<CallScope> CURRENT = new ThreadLocal<>();

    private final Caller caller;
    private final List<String> grantTokens;
    /** The alias each key was named by in this request, for {@code kms:RequestAlias}. */
    private final Map<String, String> aliasByKeyId = new HashMap<>();
    /** The keys a request names besides the one being authorized: ReEncrypt's source and destination. */
    private final Set<String> keyIdsNamed = new HashSet<>();

    private Authorization lastDecision;

    private CallScope(Caller caller, List<String> grantTokens) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.grantTokens = List.copyOf(grantTokens);
    }

    /** Opens the scope of one request on this thread; {@link #close} ends it. */
    public static void open(Caller caller, List<String> grantTokens) {
        CURRENT.set(new CallScope(caller, grantTokens));
    }

    public static void close() {
        CURRENT.remove();
    }

    /** The decision of the last authorization in this request (the one that denied, if any), or null. */
    public static Authorization lastDecision() {
        CallScope scope = CURRENT.get();
        return scope == null ? null : scope.lastDecision;
    }

    static CallScope current() {
        CallScope scope = CURRENT.get();
        if (scope == null) {
            throw new IllegalStateException("no caller: the request was not opened with CallScope.open");
        }
        return scope;
    }

    Caller caller() {
        return caller;
    }

    List<String> grantTokens() {
        return grantTokens;
    }

    void notedKeys(String... keyIds) {
        keyIdsNamed.addAll(List.of(keyIds));
    }

    /** Whether the request names {@code keyId}: a grant token of any key it names may come with it. */
    boolean names(String keyId) {
        return keyIdsNamed.contains(keyId);
    }

    void notedAlias(String keyId, String aliasName) {
        aliasByKeyId.put(keyId, aliasName);
    }

    String aliasOf(String keyId) {
        return aliasByKeyId.get(keyId);
    }

    void decided(Authorization decision) {
        lastDecision = decision;
    }
}
