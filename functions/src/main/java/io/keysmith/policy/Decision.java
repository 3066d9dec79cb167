package io.keysmith.policy;

/**
 * What one policy document says about a request.
 *
 * @param kind EXPLICIT_DENY, ALLOW or NO_MATCH (an implicit deny)
 * @param statement the statement that decided, or null for NO_MATCH
 * @param match for an ALLOW, DIRECT when the statement names the caller (or anyone), ACCOUNT when it names only the
 *     caller's account principal
 */
public record Decision(Kind kind, Statement statement, PrincipalMatch match) {

    public enum Kind {
        EXPLICIT_DENY,
        ALLOW,
        NO_MATCH
    }

    static final Decision NO_MATCH = new Decision(Kind.NO_MATCH, null, PrincipalMatch.NONE);

    /** The deciding statement's Sid, or its index when it has none; null for NO_MATCH. */
    public String statementLabel() {
        return statement == null ? null : statement.label();
    }

    public boolean isDeny() {
        return kind == Kind.EXPLICIT_DENY;
    }

    public boolean allowsDirectly() {
        return kind == Kind.ALLOW && match == PrincipalMatch.DIRECT;
    }

    public boolean isAllow() {
        return kind == Kind.ALLOW;
    }
}
