package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The PIN read over the extension's HTTP interface, against a stand-in server on 127.0.0.1. */
class SecretsExtensionTest {
    @Test
    void readsTheSecretStringWithTheSessionToken() throws Exception {
        AtomicReference<String> token = new AtomicReference<>();
        AtomicReference<String> query = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/secretsmanager/get", exchange -> {
            token.set(exchange.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"));
            query.set(exchange.getRequestURI().getQuery());
            boolean known = exchange.getRequestURI().getQuery().endsWith(":hsm-pin");
            byte[] body = (known ? "{\"Name\":\"hsm-pin\",\"SecretString\":\"cu_user:s3cret\"}" : "{}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            SecretsExtension extension = new SecretsExtension(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "session-token");
            assertArrayEquals(
                    "cu_user:s3cret".toCharArray(),
                    extension.secretString("arn:aws:secretsmanager:eu-west-1:1:secret:hsm-pin"));
            assertEquals("session-token", token.get());
            assertEquals("secretId=arn:aws:secretsmanager:eu-west-1:1:secret:hsm-pin", query.get());
            assertThrows(IllegalStateException.class, () -> extension.secretString("other"));
        } finally {
            server.stop(0);
        }
    }
}
