package io.keysmith.lambda.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keysmith.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * One AWS service spoken in its JSON protocol, without the SDK's client: the SDK's model classes in and out (see
 * {@link AwsJson}), signed with Signature Version 4, over HttpURLConnection. Building the SDK's client and running its
 * first request cost a Lambda cold start about 0.4 s of CPU per service; this costs next to nothing to build.
 *
 * <p>As the SDK's client does: the endpoint from AWS_ENDPOINT_URL_&lt;SERVICE&gt; or AWS_ENDPOINT_URL, else the
 * region's public one; the response's x-amz-crc32 checked where the service sends one; modeled errors thrown as the
 * SDK's exception classes with their members. Retries are this client's own policy: up to {@value #RETRIES}, with
 * jittered backoff, after an I/O error, a 5xx, a 429, an error code the SDK retries, or a damaged response.
 *
 * <p>Bodies may hold secrets (a root key on its way from KMS), so the arrays this class fills are wiped once read. That
 * is best effort: the JSON tree's strings, and buffers inside the JDK's HTTP client, cannot be wiped.
 */
final class AwsJsonService {
    static final int RETRIES = 3;
    // A call whose every attempt times out still ends (4 x 4 s, plus backoff) inside the API function's 20-second
    // timeout; an invocation makes several calls, but they rarely all time out.
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    private static final int READ_TIMEOUT_MS = 3_000;
    private static final long BACKOFF_BASE_MS = 25;
    private static final long BACKOFF_CAP_MS = 1_000;

    /** The error codes the SDK retries for every service (its throttling and retryable lists, aws-core 2.57). */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "ProvisionedThroughputExceededException",
            "SlowDown",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "BandwidthLimitExceeded",
            "RequestThrottled",
            "RequestThrottledException",
            "EC2ThrottledException",
            "TransactionInProgressException",
            "PriorRequestNotComplete",
            "RequestTimeout",
            "RequestTimeoutException",
            "InternalError");

    /**
     * What tells one service from another.
     *
     * @param signingName   the name in the endpoint and the signature's scope ("dynamodb", "kms")
     * @param contentType   the protocol's version as a content type
     * @param targetPrefix  X-Amz-Target's part before the operation's name
     * @param errors        the exception builder of an error code (null when the response has none): the SDK's class
     *                      where the service models the code, else the service's base exception
     */
    record Protocol(
            String signingName,
            String contentType,
            String targetPrefix,
            Function<String, ? extends AwsServiceException.Builder> errors) {}

    private final Protocol protocol;
    private final URL endpoint;
    private final String host;
    private final SigV4 signer;
    private final Supplier<SigV4.Credentials> credentials;
    private final Clock clock;

    AwsJsonService(
            Protocol protocol, URI endpoint, String region, Supplier<SigV4.Credentials> credentials, Clock clock) {
        if (endpoint.isOpaque() || endpoint.getScheme() == null) {
            throw new IllegalArgumentException("not an endpoint URL: " + endpoint);
        }
        if ((!endpoint.getPath().isEmpty() && !endpoint.getPath().equals("/")) || endpoint.getQuery() != null) {
            throw new IllegalArgumentException("an endpoint has no path or query here: " + endpoint);
        }
        try {
            this.endpoint = endpoint.resolve("/").toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an endpoint URL: " + endpoint, e);
        }
        // The Host header as HttpURLConnection sends it, which is what is signed.
        int port = this.endpoint.getPort();
        this.host = this.endpoint.getHost() + (port == -1 || port == this.endpoint.getDefaultPort() ? "" : ":" + port);
        this.protocol = protocol;
        this.signer = new SigV4(region, protocol.signingName());
        this.credentials = credentials;
        this.clock = clock;
    }

    /** A Lambda function's: credentials and endpoint from the environment, as the SDK would take them. */
    static AwsJsonService fromEnvironment(Protocol protocol, String region, Map<String, String> env) {
        return new AwsJsonService(
                protocol, endpoint(protocol.signingName(), region, env), region, credentials(env), Clock.systemUTC());
    }

    /** The service's endpoint as the SDK would pick it from the environment. */
    static URI endpoint(String signingName, String region, Map<String, String> env) {
        String service = "AWS_ENDPOINT_URL_" + signingName.toUpperCase(Locale.ROOT);
        for (String name : new String[] {service, "AWS_ENDPOINT_URL"}) {
            String url = env.get(name);
            if (url != null && !url.isBlank()) {
                return URI.create(url.strip());
            }
        }
        for (String name : new String[] {"AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"}) {
            if ("true".equalsIgnoreCase(env.get(name))) {
                // Refused rather than ignored: a deployment that asks for FIPS must not silently get the public one.
                throw new IllegalStateException(
                        name + " is not supported by this client; set " + service + " to that endpoint");
            }
        }
        return URI.create("https://" + signingName + "." + region + "."
                + PartitionMetadata.of(Region.of(region)).dnsSuffix());
    }

    /**
     * The execution role's keys from the environment Lambda sets; a SnapStart function, which has none there,
     * resolves them with the SDK's default chain.
     */
    static Supplier<SigV4.Credentials> credentials(Map<String, String> env) {
        String accessKeyId = env.get("AWS_ACCESS_KEY_ID");
        String secretAccessKey = env.get("AWS_SECRET_ACCESS_KEY");
        if (accessKeyId != null && secretAccessKey != null) {
            // Lambda sets these once for the execution environment's life; the SDK would read the same values.
            String sessionToken = env.get("AWS_SESSION_TOKEN");
            SigV4.Credentials fixed = new SigV4.Credentials(
                    accessKeyId, secretAccessKey, sessionToken == null || sessionToken.isBlank() ? null : sessionToken);
            return () -> fixed;
        }
        AwsCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        return () -> {
            AwsCredentials resolved = chain.resolveCredentials();
            return new SigV4.Credentials(
                    resolved.accessKeyId(),
                    resolved.secretAccessKey(),
                    resolved instanceof AwsSessionCredentials session ? session.sessionToken() : null);
        };
    }

    /** Sends the request and reads the response into the given builder; wipes both bodies. */
    <T> T call(String operation, SdkPojo request, SdkPojo response, Class<T> type) {
        byte[] body;
        try {
            body = AwsJson.write(request);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw SdkClientException.create(operation + ": the request cannot be written as JSON");
        }
        try {
            Exchange exchange = send(operation, body);
            try {
                if (exchange.status() / 100 != 2) {
                    throw error(exchange);
                }
                if (exchange.json() == null) {
                    throw SdkClientException.create(operation + ": the response is not JSON");
                }
                return AwsJson.read(exchange.json(), response, type);
            } catch (IllegalArgumentException e) { // e.g. a member's base64 that does not decode
                throw SdkClientException.create(operation + ": the response does not fit its shape");
            } finally {
                Arrays.fill(exchange.body(), (byte) 0);
            }
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private Exchange send(String operation, byte[] body) {
        for (int attempt = 0; ; attempt++) {
            Exchange exchange;
            try {
                exchange = post(operation, body);
            } catch (IOException e) {
                if (attempt < RETRIES) {
                    backOff(attempt);
                    continue;
                }
                throw SdkClientException.builder()
                        .message("Unable to execute HTTP request: " + e.getMessage())
                        .cause(e)
                        .build();
            }
            String code = exchange.errorCode();
            boolean retryable = !exchange.intact()
                    || exchange.status() >= 500
                    || exchange.status() == 429
                    || (code != null && RETRYABLE_CODES.contains(code)); // Set.of(...).contains(null) throws
            if (!retryable) {
                return exchange;
            }
            if (attempt == RETRIES) {
                if (!exchange.intact()) {
                    Arrays.fill(exchange.body(), (byte) 0);
                    throw SdkClientException.create("the response failed its CRC32 check");
                }
                return exchange;
            }
            Arrays.fill(exchange.body(), (byte) 0);
            backOff(attempt);
        }
    }

    private Exchange post(String operation, byte[] body) throws IOException {
        HttpURLConnection http = (HttpURLConnection) endpoint.openConnection();
        http.setConnectTimeout(CONNECT_TIMEOUT_MS);
        http.setReadTimeout(READ_TIMEOUT_MS);
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setFixedLengthStreamingMode(body.length);
        Map<String, String> headers =
                Map.of("Content-Type", protocol.contentType(), "X-Amz-Target", protocol.targetPrefix() + operation);
        SigV4.Signed signed = signer.sign(credentials.get(), clock.instant(), host, headers, body);
        headers.forEach(http::setRequestProperty);
        http.setRequestProperty("X-Amz-Date", signed.amzDate());
        if (signed.securityToken() != null) {
            http.setRequestProperty("X-Amz-Security-Token", signed.securityToken());
        }
        http.setRequestProperty("Authorization", signed.authorization());
        http.setRequestProperty("User-Agent", "keysmith");
        int status;
        byte[] response;
        try {
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            status = http.getResponseCode();
            try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
                response = readBody(in, http.getContentLengthLong());
            }
        } catch (IOException e) {
            http.disconnect(); // a connection in an unknown state is not kept for reuse
            throw e;
        }
        return Exchange.of(
                status, response, http.getHeaderField("x-amz-crc32"), http.getHeaderField("x-amzn-RequestId"));
    }

    /** Reads to the end, so that the connection is reused; into one array of the announced length where there is one. */
    private static byte[] readBody(InputStream in, long contentLength) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        if (contentLength < 0 || contentLength > Integer.MAX_VALUE) {
            return in.readAllBytes(); // chunked: readAllBytes' own buffers go unwiped
        }
        byte[] body = new byte[(int) contentLength];
        int read = in.readNBytes(body, 0, body.length);
        if (read < body.length || in.read() != -1) {
            Arrays.fill(body, (byte) 0);
            throw new IOException("the response's length is not its Content-Length");
        }
        return body;
    }

    private static void backOff(int attempt) {
        // Full jitter, drawn fresh, so that copies restored from one snapshot do not retry in step.
        long ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << attempt);
        try {
            Thread.sleep(new SecureRandom().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder()
                    .message("interrupted while waiting to retry")
                    .cause(e)
                    .build();
        }
    }

    /**
     * One HTTP response, checked and parsed once.
     *
     * @param json the body's JSON; null when it is not JSON, or failed its CRC32 check
     */
    private record Exchange(int status, byte[] body, boolean intact, JsonNode json, String requestId) {
        /** DynamoDB sends the CRC32 of every response body; one that does not match was damaged on the way. */
        static Exchange of(int status, byte[] body, String crc32, String requestId) {
            CRC32 crc = new CRC32();
            crc.update(body);
            boolean intact = crc32 == null || crc32.strip().equals(Long.toString(crc.getValue()));
            JsonNode json = null;
            if (intact) {
                try {
                    json = body.length == 0 ? JsonNodeFactory.instance.objectNode() : JsonTrees.DEFAULT.read(body);
                } catch (IOException notJson) {
                    // left null; the parser's message, which may quote the body, goes no further
                }
            }
            return new Exchange(status, body, intact, json, requestId);
        }

        /** The error code from the body's __type ("Code" or "namespace#Code"); null when there is none. */
        String errorCode() {
            if (status / 100 == 2 || json == null) {
                return null;
            }
            JsonNode type = json.get("__type");
            if (type == null || !type.isTextual()) {
                return null;
            }
            String code = type.asText();
            return code.substring(code.lastIndexOf('#') + 1);
        }
    }

    private RuntimeException error(Exchange exchange) {
        String code = exchange.errorCode();
        JsonNode json = exchange.json() == null ? JsonNodeFactory.instance.objectNode() : exchange.json();
        JsonNode message = json.has("message") ? json.get("message") : json.get("Message");
        String text = message == null || message.isNull() ? null : message.asText();
        AwsServiceException.Builder error = protocol.errors().apply(code);
        AwsJson.fill(json, error); // e.g. a cancelled transaction's reasons
        return error.message(text)
                .statusCode(exchange.status())
                .requestId(exchange.requestId())
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(text)
                        .serviceName(protocol.signingName())
                        .build())
                .build();
    }
}
