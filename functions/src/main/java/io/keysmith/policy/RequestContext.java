package io.keysmith.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a policy is evaluated against: who calls, what action, on which key, and the condition keys of the request.
 *
 * @param principalArn the verified caller, e.g. {@code arn:aws:sts::111122223333:assumed-role/App/session-1}
 * @param principalAccount the caller's account id
 * @param action the action as IAM names it, e.g. {@code kms:GenerateDataKeyPair}
 * @param resource the key ARN, or {@code null} for an action without a key (CreateKey, ListKeys...)
 * @param conditionKeys condition keys by lower-case name (IAM compares names without case), each with its values;
 *     single-valued keys have one value. {@code aws:PrincipalArn}, {@code aws:PrincipalAccount},
 *     {@code kms:CallerAccount} and (for an IAM user) {@code aws:username} come from the caller unless given.
 */
public record RequestContext(
        String principalArn,
        String principalAccount,
        String action,
        String resource,
        Map<String, List<String>> conditionKeys) {

    public RequestContext {
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(principalAccount, "principalAccount");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(conditionKeys, "conditionKeys");
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String userName = userNameOf(principalArn);
        if (userName != null) {
            keys.put("aws:username", List.of(userName));
        }
        keys.put("aws:principalarn", List.of(principalArn));
        keys.put("aws:principalaccount", List.of(principalAccount));
        keys.put("kms:calleraccount", List.of(principalAccount));
        conditionKeys.forEach((name, values) -> keys.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        conditionKeys = Map.copyOf(keys);
    }

    /** Starts a context for this caller and action; the account is read from the caller's ARN. */
    public static Builder builder(String principalArn, String action) {
        return new Builder(principalArn, action);
    }

    /** The values of a condition key (any case), or {@code null} when the request has none. */
    public List<String> values(String conditionKey) {
        List<String> values = conditionKeys.get(conditionKey.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values;
    }

    /** The same request for another action, as the lockout check asks about kms:PutKeyPolicy. */
    public RequestContext withAction(String otherAction) {
        return new RequestContext(principalArn, principalAccount, otherAction, resource, conditionKeys);
    }

    /** The friendly name of an IAM user ({@code arn:aws:iam::A:user/path/name}), or null for any other caller. */
    private static String userNameOf(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("iam") || !parts[5].startsWith("user/")) {
            return null;
        }
        return parts[5].substring(parts[5].lastIndexOf('/') + 1);
    }

    /** The account id in an IAM or STS ARN (its fifth field), or "" when it has none. */
    static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts[4] : "";
    }

    /** Builds a {@link RequestContext}. */
    public static final class Builder {
        private final String principalArn;
        private final String action;
        private String account;
        private String resource;
        private final Map<String, List<String>> keys = new LinkedHashMap<>();

        private Builder(String principalArn, String action) {
            this.principalArn = principalArn;
            this.action = action;
            this.account = accountOf(principalArn);
        }

        public Builder account(String accountId) {
            this.account = accountId;
            return this;
        }

        public Builder resource(String keyArn) {
            this.resource = keyArn;
            return this;
        }

        /** A condition key with its values; a second call for the same key (any case) adds to its values. */
        public Builder key(String name, String... values) {
            keys.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .addAll(List.of(values));
            return this;
        }

        /** {@code kms:EncryptionContext:<key>} for each pair and {@code kms:EncryptionContextKeys} for their keys. */
        public Builder encryptionContext(Map<String, String> context) {
            context.forEach((name, value) -> key("kms:EncryptionContext:" + name, value));
            if (!context.isEmpty()) {
                key("kms:EncryptionContextKeys", context.keySet().toArray(String[]::new));
            }
            return this;
        }

        public RequestContext build() {
            return new RequestContext(principalArn, account, action, resource, keys);
        }
    }
}
