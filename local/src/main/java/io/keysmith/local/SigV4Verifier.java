package io.keysmith.local;

import io.keysmith.core.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * With {@code --identities}: verifies each KMS request's SigV4 signature, as AWS KMS does, and names its
 * caller. The expected signature is made by the AWS SDK's own signer over the request rebuilt from what
 * arrived (method, path, query, exactly the signed headers, the body) at the request's own X-Amz-Date, and
 * compared in constant time. Errors carry AWS's codes and wording.
 *
 * <p>{@link AwsV4HttpSigner} always signs an {@code x-amz-content-sha256} header, as the Java SDK sends it.
 * Clients that do not sign that header (botocore, so the AWS CLI and boto3; curl) are checked with the SDK's
 * older {@link Aws4Signer}, which signs the same canonical request without adding the header.
 */
final class SigV4Verifier implements Authentication {
    static final String SERVICE = "kms";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final String MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern PARAMETER = Pattern.compile("\\s*([A-Za-z]+)=([^,\\s]*)\\s*");
    private static final Pattern SIGNATURE_IN_HEADER = Pattern.compile("Signature=([0-9a-f]{64})");
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    @SuppressWarnings("deprecation") // the only SDK signer that leaves x-amz-content-sha256 out, as botocore does
    private static final Aws4Signer WITHOUT_CONTENT_HASH_HEADER = Aws4Signer.create();

    private final Identities identities;
    private final String region;
    private final Clock clock;

    SigV4Verifier(Identities identities, String region, Clock clock) {
        this.identities = identities;
        this.region = region;
        this.clock = clock;
    }

    int identityCount() {
        return identities.size();
    }

    @Override
    public Caller callerOf(ReceivedRequest request) throws Refused {
        String authorization = request.header("authorization");
        if (authorization == null) {
            throw new Refused(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Authorization auth = Authorization.parse(authorization, request.header("x-amz-date"));
        Identities.Identity identity = identities
                .find(auth.accessKeyId())
                .orElseThrow(() -> new Refused(
                        400, "UnrecognizedClientException", "The security token included in the request is invalid."));
        Instant signedAt = signingInstant(request.header("x-amz-date"));
        checkScope(auth, request.header("x-amz-date"));
        checkFreshness(signedAt, request.header("x-amz-date"));
        checkSignedHeaders(auth, request);
        checkPayloadHash(request);
        byte[] expected = expectedSignature(identity, auth, request, signedAt).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(400, "InvalidSignatureException", MISMATCH);
        }
        return Caller.of(identity.arn(), request.sourceIp(), false);
    }

    /** The parts of the Authorization header; Credential's five elements already split. */
    record Authorization(
            String accessKeyId,
            String scopeDate,
            String scopeRegion,
            String scopeService,
            String terminator,
            List<String> signedHeaders,
            String signature) {

        static Authorization parse(String header, String amzDate) throws Refused {
            if (!header.startsWith(ALGORITHM + " ")) {
                throw incomplete("Authorization header must use the " + ALGORITHM + " algorithm.");
            }
            Map<String, String> parameters = new HashMap<>();
            for (String part : header.substring(ALGORITHM.length() + 1).split(",", -1)) {
                Matcher m = PARAMETER.matcher(part);
                if (!m.matches()) {
                    throw incomplete("Authorization header is malformed.");
                }
                parameters.putIfAbsent(m.group(1), m.group(2));
            }
            StringBuilder missing = new StringBuilder();
            for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
                if (!parameters.containsKey(name) || parameters.get(name).isEmpty()) {
                    missing.append("Authorization header requires '")
                            .append(name)
                            .append("' parameter. ");
                }
            }
            if (amzDate == null) {
                missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                        + "(Keysmith reads X-Amz-Date only.) ");
            }
            if (!missing.isEmpty()) {
                throw incomplete(missing.toString().strip());
            }
            String[] credential = parameters.get("Credential").split("/", -1);
            if (credential.length != 5) {
                throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
                        + "keyid/date/region/service/term.");
            }
            String signature = parameters.get("Signature");
            if (!signature.matches("[0-9a-f]{64}")) {
                throw new Refused(400, "InvalidSignatureException", MISMATCH);
            }
            List<String> signed = List.of(parameters.get("SignedHeaders").split(";", -1));
            return new Authorization(
                    credential[0], credential[1], credential[2], credential[3], credential[4], signed, signature);
        }
    }

    private static Refused incomplete(String message) {
        return new Refused(400, "IncompleteSignatureException", message);
    }

    private static Instant signingInstant(String amzDate) throws Refused {
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeException e) { // unparseable, or a date that does not exist (month 13)
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + RequestLog.field(amzDate)
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /** AWS's own messages for a scope of another day, region or service: clearer than a signature mismatch. */
    private void checkScope(Authorization auth, String amzDate) throws Refused {
        if (!auth.scopeDate().equals(amzDate.substring(0, 8))) {
            throw new Refused(
                    400,
                    "InvalidSignatureException",
                    "Date in Credential scope does not match YYYYMMDD "
                            + "from ISO-8601 version of date from HTTP: '" + RequestLog.field(auth.scopeDate())
                            + "' != '"
                            + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (!auth.scopeRegion().equals(region)) {
            throw new Refused(
                    400,
                    "InvalidSignatureException",
                    "Credential should be scoped to a valid region, not '" + RequestLog.field(auth.scopeRegion())
                            + "'. ");
        }
        if (!auth.scopeService().equals(SERVICE)) {
            throw new Refused(
                    400,
                    "InvalidSignatureException",
                    "Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!auth.terminator().equals("aws4_request")) {
            throw new Refused(
                    400,
                    "InvalidSignatureException",
                    "Credential should be scoped with a valid terminator: " + "'aws4_request', not '"
                            + RequestLog.field(auth.terminator()) + "'. ");
        }
    }

    private void checkFreshness(Instant signedAt, String amzDate) throws Refused {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw new Refused(
                    400,
                    "InvalidSignatureException",
                    "Signature expired: " + amzDate + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW))
                            + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new Refused(
                    400,
                    "InvalidSignatureException",
                    "Signature not yet current: " + amzDate
                            + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " ("
                            + AMZ_DATE.format(now)
                            + " + 15 min.)");
        }
    }

    /**
     * Host must be signed (as AWS requires), and so must every x-amz-* header that arrived: an unsigned
     * X-Amz-Target would let a captured request be replayed as another operation. A signed header that is
     * absent or repeated cannot have been signed as it arrived.
     */
    private static void checkSignedHeaders(Authorization auth, ReceivedRequest request) throws Refused {
        if (!auth.signedHeaders().contains("host")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        List<String> unsigned = new ArrayList<>();
        for (String name : request.headers().keySet()) {
            if (name.startsWith("x-amz-") && !auth.signedHeaders().contains(name)) {
                unsigned.add(name);
            }
        }
        if (!unsigned.isEmpty()) {
            unsigned.sort(null);
            throw new Refused(
                    400,
                    "InvalidSignatureException",
                    "There were headers present in the request which were not signed: " + String.join(", ", unsigned));
        }
        for (String name : auth.signedHeaders()) {
            if (request.header(name) == null || request.repeatedHeaders().contains(name)) {
                throw new Refused(400, "InvalidSignatureException", MISMATCH);
            }
        }
    }

    /** A client may send the payload's hash; the body must then be exactly what it hashed (no UNSIGNED-PAYLOAD). */
    private static void checkPayloadHash(ReceivedRequest request) throws Refused {
        String claimed = request.header("x-amz-content-sha256");
        if (claimed != null
                && !MessageDigest.isEqual(
                        claimed.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                        sha256Hex(request.body()).getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(
                    400,
                    "InvalidSignatureException",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
    }

    private String expectedSignature(
            Identities.Identity identity, Authorization auth, ReceivedRequest request, Instant signedAt)
            throws Refused {
        SdkHttpRequest.Builder rebuilt = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .protocol("http")
                .encodedPath(request.path());
        // The older signer writes its own Host header from host and port: they must say what the client's did.
        String host = request.header("host");
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']') && host.substring(colon + 1).matches("\\d{1,5}")) {
            rebuilt.host(host.substring(0, colon)).port(Integer.parseInt(host.substring(colon + 1)));
        } else {
            rebuilt.host(host);
        }
        if (request.rawQuery() != null && !request.rawQuery().isEmpty()) {
            rebuilt.rawQueryParameters(query(request.rawQuery()));
        }
        for (String name : auth.signedHeaders()) {
            rebuilt.putHeader(name, request.header(name));
        }
        SdkHttpRequest signedRequest;
        try {
            signedRequest = auth.signedHeaders().contains("x-amz-content-sha256")
                    ? signWithHashHeader(identity, rebuilt.build(), request.body(), signedAt)
                    : signWithoutHashHeader(identity, rebuilt.build(), request.body(), signedAt);
        } catch (RuntimeException e) {
            // A header value the signer cannot take is the client's error, never a 500.
            throw new Refused(400, "InvalidSignatureException", MISMATCH);
        }
        Optional<String> header = signedRequest.firstMatchingHeader("Authorization");
        Matcher m = SIGNATURE_IN_HEADER.matcher(header.orElse(""));
        return m.find() ? m.group(1) : "";
    }

    private SdkHttpRequest signWithHashHeader(
            Identities.Identity identity, SdkHttpRequest rebuilt, byte[] body, Instant signedAt) {
        SignedRequest signed = SIGNER.sign(
                r -> r.identity(AwsCredentialsIdentity.create(identity.accessKeyId(), identity.secretAccessKey()))
                        .request(rebuilt)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        return signed.request();
    }

    @SuppressWarnings("deprecation")
    private SdkHttpRequest signWithoutHashHeader(
            Identities.Identity identity, SdkHttpRequest rebuilt, byte[] body, Instant signedAt) {
        SdkHttpFullRequest full = SdkHttpFullRequest.builder()
                .method(rebuilt.method())
                .protocol(rebuilt.protocol())
                .host(rebuilt.host())
                .port(rebuilt.port())
                .encodedPath(rebuilt.encodedPath())
                .rawQueryParameters(rebuilt.rawQueryParameters())
                .headers(rebuilt.headers())
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body))
                .build();
        return WITHOUT_CONTENT_HASH_HEADER.sign(
                full,
                Aws4SignerParams.builder()
                        .awsCredentials(AwsBasicCredentials.create(identity.accessKeyId(), identity.secretAccessKey()))
                        .signingName(SERVICE)
                        .signingRegion(Region.of(region))
                        .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                        .build());
    }

    /** The raw query as the signer takes it: names and values still percent-encoded as they arrived, decoded here. */
    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
