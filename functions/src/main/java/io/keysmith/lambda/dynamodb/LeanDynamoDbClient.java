package io.keysmith.lambda.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;

/**
 * A DynamoDB client for the operations Keysmith's stores use, without the SDK's client: the SDK's model classes in
 * and out, its credentials, but its JSON protocol, signing, retries and HTTP done here in a few classes. Building the
 * SDK's client and running its first request cost a Lambda cold start about 0.6 s of CPU; this one costs next to
 * nothing to build. Any other operation throws {@link UnsupportedOperationException} (the interface's default).
 *
 * <p>Like the SDK's client: AWS JSON 1.0 signed with Signature Version 4; the endpoint from AWS_ENDPOINT_URL_DYNAMODB
 * or AWS_ENDPOINT_URL, else the region's public one; the response's x-amz-crc32 checked; a request retried up to
 * {@value #RETRIES} times, with jittered backoff, after an I/O error, a 5xx, a throttling error or a corrupt
 * response; modeled errors thrown as the SDK's exception classes with their members.
 */
public final class LeanDynamoDbClient implements DynamoDbClient {
    static final int RETRIES = 3;
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final long BACKOFF_BASE_MS = 25;
    private static final long BACKOFF_CAP_MS = 1_000;
    private static final Set<String> THROTTLING = Set.of(
            "ProvisionedThroughputExceededException",
            "ThrottlingException",
            "RequestLimitExceeded",
            "RequestThrottledException");
    private static final Map<String, Supplier<DynamoDbException.Builder>> MODELED_ERRORS = Map.ofEntries(
            Map.entry("ConditionalCheckFailedException", ConditionalCheckFailedException::builder),
            Map.entry("TransactionCanceledException", TransactionCanceledException::builder),
            Map.entry("TransactionConflictException", TransactionConflictException::builder),
            Map.entry("TransactionInProgressException", TransactionInProgressException::builder),
            Map.entry("ResourceNotFoundException", ResourceNotFoundException::builder),
            Map.entry("ResourceInUseException", ResourceInUseException::builder),
            Map.entry("ProvisionedThroughputExceededException", ProvisionedThroughputExceededException::builder),
            Map.entry("RequestLimitExceeded", RequestLimitExceededException::builder),
            Map.entry("ThrottlingException", ThrottlingException::builder),
            Map.entry("InternalServerError", InternalServerErrorException::builder),
            Map.entry("ItemCollectionSizeLimitExceededException", ItemCollectionSizeLimitExceededException::builder),
            Map.entry("LimitExceededException", LimitExceededException::builder),
            Map.entry("IdempotentParameterMismatchException", IdempotentParameterMismatchException::builder),
            Map.entry("ReplicatedWriteConflictException", ReplicatedWriteConflictException::builder));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URL endpoint;
    private final String host;
    private final SigV4 signer;
    private final Supplier<SigV4.Credentials> credentials;
    private final Clock clock;

    LeanDynamoDbClient(URI endpoint, String region, Supplier<SigV4.Credentials> credentials, Clock clock) {
        if ((!endpoint.getPath().isEmpty() && !endpoint.getPath().equals("/")) || endpoint.getQuery() != null) {
            throw new IllegalArgumentException("a DynamoDB endpoint has no path or query: " + endpoint);
        }
        try {
            this.endpoint = endpoint.resolve("/").toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a DynamoDB endpoint URL: " + endpoint, e);
        }
        // The Host header as HttpURLConnection sends it, which is what is signed.
        int port = this.endpoint.getPort();
        this.host = this.endpoint.getHost() + (port == -1 || port == this.endpoint.getDefaultPort() ? "" : ":" + port);
        this.signer = new SigV4(region, "dynamodb");
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * The client of a Lambda function: the execution role's keys from the environment Lambda sets (a SnapStart
     * function, which has none there, resolves them with the SDK's default chain), and the endpoint as the SDK
     * would pick it.
     */
    public static LeanDynamoDbClient fromEnvironment(String region, Map<String, String> env) {
        return new LeanDynamoDbClient(endpoint(region, env), region, credentials(env), Clock.systemUTC());
    }

    static URI endpoint(String region, Map<String, String> env) {
        for (String name : new String[] {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"}) {
            String url = env.get(name);
            if (url != null && !url.isBlank()) {
                return URI.create(url.strip());
            }
        }
        for (String name : new String[] {"AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"}) {
            if ("true".equalsIgnoreCase(env.get(name))) {
                // Refused rather than ignored: a deployment that asks for FIPS must not silently get the public one.
                throw new IllegalStateException(
                        name + " is not supported by this client; set AWS_ENDPOINT_URL_DYNAMODB to that endpoint");
            }
        }
        return URI.create("https://dynamodb." + region + "."
                + PartitionMetadata.of(Region.of(region)).dnsSuffix());
    }

    private static Supplier<SigV4.Credentials> credentials(Map<String, String> env) {
        String accessKeyId = env.get("AWS_ACCESS_KEY_ID");
        String secretAccessKey = env.get("AWS_SECRET_ACCESS_KEY");
        if (accessKeyId != null && secretAccessKey != null) {
            // Lambda sets these once for the execution environment's life; the SDK would read the same values.
            SigV4.Credentials fixed = new SigV4.Credentials(accessKeyId, secretAccessKey, env.get("AWS_SESSION_TOKEN"));
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

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return call("GetItem", request, GetItemResponse.builder(), GetItemResponse.class);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return call("PutItem", request, PutItemResponse.builder(), PutItemResponse.class);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return call("UpdateItem", request, UpdateItemResponse.builder(), UpdateItemResponse.class);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return call("DeleteItem", request, DeleteItemResponse.builder(), DeleteItemResponse.class);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return call("Query", request, QueryResponse.builder(), QueryResponse.class);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return call("Scan", request, ScanResponse.builder(), ScanResponse.class);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return call(
                "TransactWriteItems", request, TransactWriteItemsResponse.builder(), TransactWriteItemsResponse.class);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return call("DescribeTable", request, DescribeTableResponse.builder(), DescribeTableResponse.class);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return call("CreateTable", request, CreateTableResponse.builder(), CreateTableResponse.class);
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
        return call("UpdateTable", request, UpdateTableResponse.builder(), UpdateTableResponse.class);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // Nothing to release: HttpURLConnection's keep-alive cache is the JVM's.
    }

    private <T> T call(String operation, SdkPojo request, SdkPojo response, Class<T> type) {
        byte[] body = AwsJson.write(request);
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
            if (exchange.status() / 100 == 2 && exchange.intact()) {
                return AwsJson.read(exchange.json(), response, type);
            }
            boolean retryable =
                    exchange.status() >= 500 || !exchange.intact() || THROTTLING.contains(exchange.errorCode());
            if (!retryable || attempt == RETRIES) {
                throw exchange.error();
            }
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
        Map<String, String> headers = Map.of("Content-Type", CONTENT_TYPE, "X-Amz-Target", TARGET_PREFIX + operation);
        SigV4.Signed signed = signer.sign(credentials.get(), clock.instant(), host, headers, body);
        headers.forEach(http::setRequestProperty);
        http.setRequestProperty("X-Amz-Date", signed.amzDate());
        if (signed.securityToken() != null) {
            http.setRequestProperty("X-Amz-Security-Token", signed.securityToken());
        }
        http.setRequestProperty("Authorization", signed.authorization());
        http.setRequestProperty("User-Agent", "keysmith");
        try (OutputStream out = http.getOutputStream()) {
            out.write(body);
        }
        int status = http.getResponseCode();
        byte[] response;
        try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
            response = in == null ? new byte[0] : in.readAllBytes(); // read to the end, so the connection is reused
        }
        return new Exchange(
                status, response, http.getHeaderField("x-amz-crc32"), http.getHeaderField("x-amzn-RequestId"));
    }

    private static void backOff(int attempt) {
        // Full jitter; drawn fresh, so that copies restored from one snapshot do not retry in step.
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

    /** One HTTP response. */
    private record Exchange(int status, byte[] body, String crc32, String requestId) {
        /** DynamoDB sends the CRC32 of every response body; one that does not match was damaged on the way. */
        boolean intact() {
            if (crc32 == null) {
                return true;
            }
            CRC32 crc = new CRC32();
            crc.update(body);
            return crc32.strip().equals(Long.toString(crc.getValue()));
        }

        JsonNode json() {
            try {
                return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw SdkClientException.builder()
                        .message("DynamoDB's response is not JSON")
                        .cause(e)
                        .build();
            }
        }

        /** The error code from the body's __type ("namespace#Code"); null when there is none. */
        String errorCode() {
            if (status / 100 == 2) {
                return null;
            }
            JsonNode type;
            try {
                type = json().get("__type");
            } catch (SdkClientException notJson) {
                return null;
            }
            if (type == null || !type.isTextual()) {
                return null;
            }
            String code = type.asText();
            return code.substring(code.lastIndexOf('#') + 1);
        }

        RuntimeException error() {
            if (!intact()) {
                return SdkClientException.create("DynamoDB's response failed its CRC32 check");
            }
            String code = errorCode();
            JsonNode json;
            try {
                json = json();
            } catch (SdkClientException notJson) {
                json = JSON.createObjectNode();
            }
            JsonNode message = json.has("message") ? json.get("message") : json.get("Message");
            String text = message == null ? null : message.asText();
            DynamoDbException.Builder error = MODELED_ERRORS
                    .getOrDefault(code, DynamoDbException::builder)
                    .get();
            AwsJson.fill(json, error); // e.g. a cancelled transaction's reasons
            return error.message(text)
                    .statusCode(status)
                    .requestId(requestId)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(code)
                            .errorMessage(text)
                            .serviceName("DynamoDb")
                            .build())
                    .build();
        }
    }
}
