package io.keysmith.policy;

import java.util.List;

/** A statement's {@code Principal} (or, negated, {@code NotPrincipal}) element. */
record PrincipalSet(List<Principal> entries, boolean negated) {

    PrincipalMatch match(String callerArn, String callerAccount) {
        if (negated) {
            // NotPrincipal applies to whoever it does not name; naming an account spares the whole account.
            boolean named = entries.stream().anyMatch(e -> e.covers(callerArn, callerAccount));
            return named ? PrincipalMatch.NONE : PrincipalMatch.DIRECT;
        }
        PrincipalMatch best = PrincipalMatch.NONE;
        for (Principal entry : entries) {
            PrincipalMatch match = entry.match(callerArn, callerAccount);
            if (match == PrincipalMatch.DIRECT) {
                return match;
            }
            if (match == PrincipalMatch.ACCOUNT) {
                best = match;
            }
        }
        return best;
    }
}
