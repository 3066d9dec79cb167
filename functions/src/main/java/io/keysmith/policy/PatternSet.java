package io.keysmith.policy;

import java.util.List;

/**
 * An {@code Action}/{@code NotAction} or {@code Resource}/{@code NotResource} element: wildcard patterns, matched
 * without case for actions (as IAM does) and with case for resources.
 */
record PatternSet(List<String> patterns, boolean negated, boolean ignoreCase) {

    boolean matches(String value) {
        boolean listed = patterns.stream().anyMatch(p -> Wildcard.matches(p, value, ignoreCase));
        return listed != negated;
    }
}
