package io.keysmith.policy;

import java.util.Set;

/**
 * A grant, as far as authorization needs it: this grantee may call these operations on the grant's key, when the
 * request meets the grant's constraints. The grant store implements it later.
 */
public interface Grant {
    String grantId();

    /** The grantee principal ARN, e.g. {@code arn:aws:iam::111122223333:role/App}. */
    String granteePrincipal();

    /** The operations allowed, as CreateGrant names them: {@code Decrypt}, {@code GenerateDataKey}... */
    Set<String> operations();

    /** Whether the request meets the grant's constraints (its encryption context conditions). */
    boolean constraintsAllow(RequestContext request);

    /** Whether this grant allows the request: the caller is the grantee, the operation is granted, constraints hold. */
    default boolean allows(RequestContext request) {
        String prefix = "kms:";
        if (!request.action().startsWith(prefix)
                || !operations().contains(request.action().substring(prefix.length()))) {
            return false;
        }
        Principal grantee = Principal.parseAws(granteePrincipal());
        // Only a grantee that is the caller itself: an account grantee would hand the decision to its policies.
        return grantee != null
                && grantee.match(request.principalArn(), request.principalAccount()) == PrincipalMatch.DIRECT
                && constraintsAllow(request);
    }
}
