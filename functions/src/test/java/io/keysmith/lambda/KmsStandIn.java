package io.keysmith.lambda;

import com.sun.net.httpserver.HttpServer;
import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.api.KmsApi;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.Randomness;
import io.keysmith.core.TestCallers;
import io.keysmith.rootkey.AwsKmsEnvelope;
import io.keysmith.rootkey.DynamoDbRootKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Keysmith's own KMS API on 127.0.0.1, over the in-memory core: it stands in for AWS KMS where a test
 * needs a KMS client to reach a real KMS protocol endpoint (the root key's envelope).
 */
final class KmsStandIn implements AutoCloseable {
    private final HttpServer server;

    KmsStandIn() throws IOException {
        KmsApi api = new KmsApi(InMemoryPorts.keysmith());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                ApiResponse response = api.handle(new ApiRequest(
                        exchange.getRequestHeaders().getFirst("X-Amz-Target"), in.readAllBytes(), TestCallers.ROOT));
                exchange.getResponseHeaders().set("Content-Type", ApiResponse.CONTENT_TYPE);
                exchange.sendResponseHeaders(response.status(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Does what the deployment's custom resource does before the function serves: makes a KMS key here and the root
     * key in {@code rootKeyTable}, sealed under it.
     *
     * @return the KMS key's ARN, for ROOT_KEY_KMS_KEY_ARN
     */
    String createSealedRootKey(DynamoDbClient dynamo, String rootKeyTable) {
        try (KmsClient kms = KmsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String keyArn = kms.createKey(r -> r.description("root key envelope"))
                    .keyMetadata()
                    .arn();
            new DynamoDbRootKey(dynamo, rootKeyTable, new Randomness(), new AwsKmsEnvelope(kms, keyArn), alarm -> {})
                    .create();
            return keyArn;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
