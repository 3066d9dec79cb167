package io.keysmith.core;

import java.util.List;

/**
 * A CreateGrant request, parsed.
 *
 * @param retiringPrincipal null when none is given
 * @param constraints       null when none are given
 * @param name              null when none is given
 */
public record NewGrant(
        String keyId,
        String granteePrincipal,
        String retiringPrincipal,
        List<String> operations,
        GrantConstraints constraints,
        String name,
        boolean dryRun) {
    public NewGrant {
        operations = List.copyOf(operations);
    }
}
