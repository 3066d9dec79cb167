package io.keysmith.local.alibaba;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Alibaba KMS instance API's request signature, as the official SDK makes it: {@code Authorization: Bearer
 * base64(SHA256withRSA(stringToSign))} under the client key, where stringToSign is the method, the
 * {@code content-sha256} header (the body's SHA-256, hex), the {@code content-type} and {@code date} headers, each
 * followed by a newline, then every {@code x-kms-*} header as {@code name:trimmed value\n} in name order, then the
 * path (and the sorted query). The body's hash and the date are checked here too: a request is bound to its body,
 * and one dated more than 15 minutes from the clock is refused.
 */
final class RequestSignature {
    static final String API_VERSION = "dkms-gcs-0.2";
    static final String SIGNATURE_METHOD = "RSA_PKCS1_SHA_256";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private RequestSignature() {}

    /** Checks date and body hash; returns the string the client signed. Headers are keyed by lower-case name. */
    static String stringToSign(
            String method, String path, String query, Map<String, String> headers, byte[] body, Clock clock) {
        String date = headers.get("date");
        Instant at;
        try {
            at = ZonedDateTime.parse(date == null ? "" : date, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw AlibabaError.invalidParam("Date");
        }
        Instant now = clock.instant();
        if (at.isBefore(now.minus(MAX_SKEW)) || at.isAfter(now.plus(MAX_SKEW))) {
            throw new AlibabaError(
                    400, "RequestTimeTooSkewed", "Request time exceeds server time more than 15 minutes.");
        }
        String contentSha256 = headers.getOrDefault("content-sha256", "");
        byte[] expected = sha256Hex(body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = contentSha256.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw AlibabaError.invalidParam("Content-SHA256");
        }
        StringBuilder out = new StringBuilder()
                .append(method)
                .append('\n')
                .append(contentSha256)
                .append('\n')
                .append(headers.getOrDefault("content-type", ""))
                .append('\n')
                .append(date)
                .append('\n');
        new TreeMap<>(headers).forEach((name, value) -> {
            if (name.startsWith("x-kms-")) {
                out.append(name).append(':').append(value.trim()).append('\n');
            }
        });
        out.append(path);
        if (query != null && !query.isEmpty()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                sorted.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
            StringBuilder q = new StringBuilder();
            sorted.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append(v.isEmpty() ? "" : "=" + v));
            out.append('?').append(q);
        }
        return out.toString();
    }

    /** True when {@code authorization} is {@code Bearer <signature>} that {@code key} verifies over the string. */
    static boolean verifies(String authorization, String stringToSign, PublicKey key) {
        byte[] signature;
        try {
            signature = Base64.getDecoder()
                    .decode(authorization.substring("Bearer ".length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
