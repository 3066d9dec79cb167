package io.keysmith.policy;

import java.util.List;

/** A statement's {@code Principal} (or, negated, {@code NotPrincipal}) element. */
record PrincipalSet(List<Principal> entries, boolean negated) {

    PrincipalMatch match(String callerArn, String callerAccount) {
        if (negated) {
            return spares(callerArn, callerAccount) ? PrincipalMatch.NONE : PrincipalMatch.DIRECT;
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

    /**
     * NotPrincipal spares a caller only when it names every identity the caller acts as, as IAM checks them: the
     * account, the user or session itself (the account's root is the account), and a session's role.
     */
    private boolean spares(String callerArn, String callerAccount) {
        boolean root = callerArn.endsWith(":root");
        boolean session = callerArn.contains(":assumed-role/");
        boolean account =
                named(e -> e instanceof Principal.Account a && a.accountId().equals(callerAccount));
        boolean self =
                root || named(e -> e instanceof Principal.Arn a && a.arn().equals(callerArn));
        boolean role = !session
                || named(e -> e instanceof Principal.Arn a
                        && !a.arn().equals(callerArn)
                        && a.match(callerArn, callerAccount) == PrincipalMatch.DIRECT);
        return account && self && role;
    }

    private boolean named(java.util.function.Predicate<Principal> entry) {
        return entries.stream().anyMatch(e -> e instanceof Principal.Anyone || entry.test(e));
    }
}
