package io.keysmith.policy;

/**
 * The outcome of authorizing one request, with what decided it for the audit log.
 *
 * @param source what allowed or denied; for an implicit deny, the policy that lacked the Allow (the key policy,
 *     or the service policy when the key policy hands the decision to it or there is no key)
 * @param decidedBy the deciding statement's Sid (or index) or the grant id; null when nothing matched
 * @param accessDeniedMessage AWS's AccessDeniedException message when not allowed, else null
 */
public record Authorization(Outcome outcome, Source source, String decidedBy, String accessDeniedMessage) {

    public enum Outcome {
        ALLOWED,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    public enum Source {
        KEY_POLICY,
        SERVICE_POLICY,
        GRANT
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }

    /** What the audit logs print: {@code KEY_POLICY:<Sid or index>}, {@code GRANT:<grant id>}, or the source alone. */
    public String label() {
        return decidedBy == null ? source.name() : source.name() + ":" + decidedBy;
    }
}
