package io.keysmith.core;

import java.util.List;

/**
 * A CreateGrant request, parsed.
 *
 * @param retiringPrincipal null when none is given
 * @param constraints       null when none are given
 * @param name              null when none is given
 * @param grantTokens       tokens that may authorize this request (checked, as on every operation)
 */
public record NewGrant(
        String keyId,
        String granteePrincipal,
        String retiringPrincipal,
        List<String> operations,
        GrantConstraints constraints,
        String name,
        List<String> grantTokens,
        boolean dryRun) {
    public NewGrant {
        operations = List.copyOf(operations);
        grantTokens = List.copyOf(grantTokens);
    }
}
