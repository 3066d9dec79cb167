package io.keysmith.core;

import io.keysmith.policy.Grant;
import io.keysmith.policy.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The grants authorization consults: a key's grants in the store, and the checked tokens of a
 * request. Apart from the grant operations, which resolve keys through authorization themselves.
 */
final class StoredGrants {
    /** The operations that take an encryption context, to which alone a grant's constraints apply. */
    static final Set<String> WITH_CONTEXT = Set.of(
            "Encrypt",
            "Decrypt",
            "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext",
            "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext",
            "ReEncryptFrom",
            "ReEncryptTo");

    private final GrantStore grants;
    private final GrantTokens tokens;

    StoredGrants(GrantStore grants, GrantTokens tokens) {
        this.grants = grants;
        this.tokens = tokens;
    }

    /**
     * The key's grants, plus those its valid tokens name (already among them, since a grant takes effect at
     * once: a token adds nothing but is still checked).
     */
    public List<Grant> grantsFor(String keyId, List<String> grantTokens) {
        checkTokens(keyId, grantTokens);
        return grantsOf(keyId);
    }

    /** The key's grants in effect, read from the store. */
    List<Grant> grantsOf(String keyId) {
        List<Grant> inEffect = new ArrayList<>();
        String after = null;
        do {
            Page<GrantRecord> page = grants.listOfKey(keyId, null, 1000, after);
            page.items().forEach(g -> inEffect.add(new AuthorizingGrant(g)));
            after = page.nextMarker();
        } while (after != null);
        return inEffect;
    }

    /** Every token must be one Keysmith issued, for a grant of this key or of another key the request names. */
    void checkTokens(String keyId, List<String> grantTokens) {
        for (String token : grantTokens) {
            String tokenKey = tokens.open(token).keyId();
            if (!tokenKey.equals(keyId) && !CallScope.current().names(tokenKey)) {
                throw GrantTokens.invalid();
            }
        }
    }

    /** A stored grant as the authorizer sees it: operations become {@code kms:<Operation>} actions there. */
    private record AuthorizingGrant(GrantRecord record) implements Grant {
        @Override
        public String grantId() {
            return record.grantId();
        }

        @Override
        public String granteePrincipal() {
            return record.granteePrincipal();
        }

        @Override
        public Set<String> operations() {
            return Set.copyOf(record.operations());
        }

        /** Constraints bind only operations that take an encryption context, as AWS applies them. */
        @Override
        public boolean constraintsAllow(RequestContext request) {
            GrantConstraints constraints = record.constraints();
            String operation = request.action().substring(request.action().indexOf(':') + 1);
            if (constraints == null || !WITH_CONTEXT.contains(operation)) {
                return true;
            }
            Map<String, List<String>> context = new LinkedHashMap<>();
            List<String> names = request.values("kms:EncryptionContextKeys");
            if (names != null) {
                for (String name : names) {
                    String lower = name.toLowerCase(Locale.ROOT);
                    context.computeIfAbsent(lower, n -> request.values("kms:EncryptionContext:" + n));
                }
            }
            return constraints.allows(context);
        }
    }
}
