package io.keysmith.policy;

import java.util.List;

/**
 * One statement of a policy.
 *
 * @param index its position in the document, from 0
 * @param sid its {@code Sid}, or null
 */
public record Statement(
        int index,
        String sid,
        Effect effect,
        PrincipalSet principals,
        PatternSet actions,
        PatternSet resources,
        List<Condition> conditions) {

    /** The name the audit log prints: the Sid, or the index when there is none. */
    public String label() {
        return sid != null ? sid : Integer.toString(index);
    }

    /** How this statement applies to the request: NONE unless action, resource and every condition match too. */
    PrincipalMatch appliesTo(RequestContext request) {
        PrincipalMatch principal = principals.match(request.principalArn(), request.principalAccount());
        if (principal == PrincipalMatch.NONE
                || !actions.matches(request.action())
                || !resources.matches(request.resource() == null ? "*" : request.resource())
                || !conditions.stream().allMatch(c -> c.holdsFor(request))) {
            return PrincipalMatch.NONE;
        }
        return principal;
    }
}
