package io.keysmith.lambda.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * An HTTP server on 127.0.0.1 that stands in for a service's wire: it records each request and answers with the
 * replies queued, then with {@code 200 {}}, each with the x-amz-crc32 DynamoDB sends unless the reply gives its own.
 */
final class RecordingServer implements AutoCloseable {
    record Reply(int status, String body, String crc32) {
        static Reply of(int status, String body) {
            return new Reply(status, body, null);
        }
    }

    /** A request as it arrived: its headers with lower-case names, and its body. */
    record Received(Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What both clients, the lean one and the SDK's, sign with. */
    static final SigV4.Credentials CREDENTIALS = new SigV4.Credentials("ASIAEXAMPLE", "secret", "token");

    static final String REGION = "eu-west-1";

    private final HttpServer server;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();

    static RecordingServer start() {
        try {
            return new RecordingServer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A lean client's transport to {@code endpoint}, signing with {@link #CREDENTIALS}. */
    static AwsJsonService service(AwsJsonService.Protocol protocol, URI endpoint) {
        return new AwsJsonService(protocol, endpoint, REGION, () -> CREDENTIALS, Clock.systemUTC());
    }

    /** The SDK's own client, the reference, sending here and signing with {@link #CREDENTIALS}. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C sdkClient(B builder) {
        return builder.region(Region.of(REGION))
                .endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        CREDENTIALS.accessKeyId(), CREDENTIALS.secretAccessKey(), CREDENTIALS.sessionToken())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    synchronized void reply(Reply... queued) {
        replies.addAll(List.of(queued));
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized Received last() {
        return received.get(received.size() - 1);
    }

    synchronized void forget() {
        received.clear();
        replies.clear();
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply;
        synchronized (this) {
            received.add(new Received(headers, body));
            reply = replies.isEmpty() ? Reply.of(200, "{}") : replies.poll();
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders()
                .set("x-amz-crc32", reply.crc32() != null ? reply.crc32() : Long.toString(crc.getValue()));
        exchange.getResponseHeaders()
                .set("x-amzn-RequestId", "request-" + received().size());
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
