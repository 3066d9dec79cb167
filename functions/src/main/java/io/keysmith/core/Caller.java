package io.keysmith.core;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who sent a request, as authentication established it: the principal's ARN, its account (always the one in
 * the ARN), the address the request came from, and whether it arrived over TLS. Policy conditions
 * ({@code aws:SourceIp}, {@code aws:SecureTransport}) read the last two.
 *
 * @param arn             an IAM or STS principal ARN: {@code arn:aws:iam::A:root}, {@code :user/N},
 *                        {@code :role/N}, or {@code arn:aws:sts::A:assumed-role/R/S}, {@code :federated-user/N}
 * @param account         the 12-digit account of {@code arn}
 * @param sourceIp        the client's address as the transport saw it (not validated as an IP: API Gateway's
 *                        test console sends {@code test-invoke-source-ip})
 * @param secureTransport true when the request arrived over TLS
 */
public record Caller(String arn, String account, String sourceIp, boolean secureTransport) {
    private static final Pattern PRINCIPAL =
            Pattern.compile("arn:aws(?:-[a-z]+)*:(?:iam::(\\d{12}):(?:root|(?:user|role)/[\\x21-\\x7e]+)"
                    + "|sts::(\\d{12}):(?:assumed-role/[\\x21-\\x7e]+/[\\x21-\\x7e]+|federated-user/[\\x21-\\x7e]+))");

    public Caller {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(sourceIp, "sourceIp");
        if (!account.equals(accountOf(arn))) {
            throw new IllegalArgumentException("the account " + account + " is not the account of " + arn);
        }
    }

    /** The caller whose account is read from its ARN; throws when the ARN is no principal ARN. */
    public static Caller of(String principalArn, String sourceIp, boolean secureTransport) {
        return new Caller(principalArn, accountOf(principalArn), sourceIp, secureTransport);
    }

    /** The account's root principal, {@code arn:aws:iam::<account>:root}. */
    public static Caller accountRoot(String account, String sourceIp, boolean secureTransport) {
        return of("arn:aws:iam::" + account + ":root", sourceIp, secureTransport);
    }

    /** True when {@code arn} is a principal ARN this record accepts. */
    public static boolean isPrincipalArn(String arn) {
        return arn != null && PRINCIPAL.matcher(arn).matches();
    }

    private static String accountOf(String arn) {
        Matcher m = arn == null ? null : PRINCIPAL.matcher(arn);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an IAM user, role, root or STS session ARN: " + arn);
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
