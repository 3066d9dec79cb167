package io.keysmith.lambda;

import com.sun.net.httpserver.HttpServer;
import io.keysmith.api.ApiRequest;
import io.keysmith.api.ApiResponse;
import io.keysmith.api.KmsApi;
import io.keysmith.core.InMemoryPorts;
import io.keysmith.core.TestCallers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Keysmith's own KMS API on 127.0.0.1, over the in-memory core: it stands in for AWS KMS where a test
 * needs the AWS SDK's KmsClient to reach a real KMS protocol endpoint (the root key's envelope).
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

    @Override
    public void close() {
        server.stop(0);
    }
}
