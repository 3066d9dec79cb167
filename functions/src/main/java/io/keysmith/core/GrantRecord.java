package io.keysmith.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * A grant as stored: who may call which operations on one key, under which constraints.
 *
 * @param grantId           64 hex characters, as AWS's
 * @param name              null when the grant has none
 * @param retiringPrincipal null when the grant has none
 * @param operations        the operations as CreateGrant names them ({@code Decrypt}...), without repeats
 * @param constraints       null when the grant has none
 * @param issuingAccount    the account of the principal that created the grant
 */
public record GrantRecord(
        String keyId,
        String grantId,
        String name,
        String granteePrincipal,
        String retiringPrincipal,
        List<String> operations,
        GrantConstraints constraints,
        String issuingAccount,
        Instant creationDate) {
    public GrantRecord {
        operations = List.copyOf(operations);
    }

    /**
     * For a named grant, a digest of its name and parameters (never its id or date): a repeated CreateGrant with the
     * same name and parameters has the same one, so that a store can find the grant it already made. Null without
     * a name, since AWS makes a new grant for every unnamed request.
     */
    public String sameRequestDigest() {
        if (name == null) {
            return null;
        }
        String canonical = String.join(
                "\n",
                keyId,
                name,
                granteePrincipal,
                String.valueOf(retiringPrincipal),
                String.join(",", new TreeSet<>(operations)),
                constraints == null ? "-" : constraints.canonical());
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
