package io.keysmith.policy;

import java.util.regex.Pattern;

/** One entry of a {@code Principal} or {@code NotPrincipal} element. */
sealed interface Principal {
    Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    Pattern ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):(iam|sts)::(\\d{12}):"
            + "(root|user/[^*?]+|role/[^*?]+|assumed-role/[^/*?]+/[^/*?]+|federated-user/[^*?]+)");

    /** How this entry covers the caller. */
    PrincipalMatch match(String callerArn, String callerAccount);

    /** {@code "*"}: anyone. */
    record Anyone() implements Principal {
        @Override
        public PrincipalMatch match(String callerArn, String callerAccount) {
            return PrincipalMatch.DIRECT;
        }
    }

    /** The account principal: {@code 111122223333} or {@code arn:aws:iam::111122223333:root}. */
    record Account(String accountId) implements Principal {
        @Override
        public PrincipalMatch match(String callerArn, String callerAccount) {
            if (!accountId.equals(callerAccount)) {
                return PrincipalMatch.NONE;
            }
            // The account's root user is the account principal itself.
            return callerArn.endsWith(":iam::" + accountId + ":root") ? PrincipalMatch.DIRECT : PrincipalMatch.ACCOUNT;
        }
    }

    /** A user, role, session or federated user ARN. */
    record Arn(String arn) implements Principal {
        @Override
        public PrincipalMatch match(String callerArn, String callerAccount) {
            return arn.equals(callerArn) || isRoleOfSession(callerArn) ? PrincipalMatch.DIRECT : PrincipalMatch.NONE;
        }

        /**
         * A session {@code arn:aws:sts::A:assumed-role/R/S} acts as its role {@code arn:aws:iam::A:role/R}; a role
         * with a path ({@code role/team/R}) is matched by its name, since a session ARN carries no path.
         */
        private boolean isRoleOfSession(String callerArn) {
            String[] caller = callerArn.split(":", 6);
            String[] role = arn.split(":", 6);
            if (caller.length != 6
                    || role.length != 6
                    || !caller[2].equals("sts")
                    || !role[2].equals("iam")
                    || !caller[1].equals(role[1])
                    || !caller[4].equals(role[4])
                    || !caller[5].startsWith("assumed-role/")
                    || !role[5].startsWith("role/")) {
                return false;
            }
            String[] session = caller[5].split("/", -1);
            String roleName = role[5].substring(role[5].lastIndexOf('/') + 1);
            return session.length == 3 && session[1].equals(roleName);
        }
    }

    /** {@code {"Service": ...}}: accepted in a policy, but Keysmith has no service callers, so never matches. */
    record Service(String name) implements Principal {
        @Override
        public PrincipalMatch match(String callerArn, String callerAccount) {
            return PrincipalMatch.NONE;
        }
    }

    /** Parses one value of {@code "AWS"}: {@code "*"}, an account id or an IAM/STS principal ARN; null if invalid. */
    static Principal parseAws(String value) {
        if (value.equals("*")) {
            return new Anyone();
        }
        if (ACCOUNT_ID.matcher(value).matches()) {
            return new Account(value);
        }
        var arn = ARN.matcher(value);
        if (!arn.matches()) {
            return null;
        }
        if (arn.group(2).equals("iam") && arn.group(4).equals("root")) {
            return new Account(arn.group(3));
        }
        return new Arn(value);
    }
}
