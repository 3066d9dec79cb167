package io.keysmith.policy;

/** Evaluates one policy document: any matching Deny wins, else an Allow, else no match (an implicit deny). */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    public static Decision evaluate(PolicyDocument policy, RequestContext request) {
        Decision direct = null;
        Decision viaAccount = null;
        for (Statement statement : policy.statements()) {
            PrincipalMatch match = statement.appliesTo(request);
            if (match == PrincipalMatch.NONE) {
                continue;
            }
            if (statement.effect() == Effect.DENY) {
                // A Deny naming the caller's account covers every principal of that account.
                return new Decision(Decision.Kind.EXPLICIT_DENY, statement, match);
            }
            if (match == PrincipalMatch.DIRECT && direct == null) {
                direct = new Decision(Decision.Kind.ALLOW, statement, match);
            } else if (match == PrincipalMatch.ACCOUNT && viaAccount == null) {
                viaAccount = new Decision(Decision.Kind.ALLOW, statement, match);
            }
        }
        if (direct != null) {
            return direct;
        }
        return viaAccount != null ? viaAccount : Decision.NO_MATCH;
    }
}
