package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local runner's HTTP layer against hostile or odd clients, on plain sockets: routes, content
 * types, the health check, body sizes, timeouts, the connection cap, keep-alive and the Host check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEdgesIT {
    private static final String JSON11 = "application/x-amz-json-1.1";
    private LocalKeysmith keysmith;
    private int port;

    @BeforeAll
    void start() throws Exception {
        keysmith = LocalKeysmith.withFlags("--in-memory");
        port = keysmith.port();
    }

    @AfterAll
    void stop() {
        keysmith.close();
    }

    private RawHttp.Response exchange(String request) throws IOException {
        try (RawHttp http = new RawHttp(port, 20_000)) {
            http.send(request);
            return http.read();
        }
    }

    private int keyCount() throws IOException {
        RawHttp.Response keys = exchange(RawHttp.kms("ListKeys", port, "{\"Limit\":1000}"));
        assertEquals(200, keys.status(), keys.body());
        return keys.body().split("\"KeyId\"", -1).length - 1;
    }

    private static void assertAwsError(RawHttp.Response response, int status, String type) {
        assertEquals(status, response.status(), response.body());
        assertEquals(JSON11, response.header("Content-Type"));
        assertTrue(response.body().startsWith("{\"__type\":\"" + type + "\",\"message\":\""), response.body());
    }

    @Test
    void onlyPostSlashIsAKmsCall() throws Exception {
        // Given: the number of keys before any refused request
        int before = keyCount();
        // When: CreateKey is sent with a method other than POST, or to a path other than /
        // Then: each is refused, 405 with Allow: POST or 404, and no key is created
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            RawHttp.Response r = exchange(RawHttp.request(
                    method, "/", port, "{}", "X-Amz-Target: TrentService.CreateKey", "Content-Type: " + JSON11));
            assertAwsError(r, 405, "UnknownOperationException");
            assertEquals("POST", r.header("Allow"));
        }
        for (String path : new String[] {"/keys", "/index.html", "/TrentService.CreateKey", "//"}) {
            assertAwsError(
                    exchange(RawHttp.request(
                            "POST",
                            path,
                            port,
                            "{}",
                            "X-Amz-Target: TrentService.CreateKey",
                            "Content-Type: " + JSON11)),
                    404,
                    "UnknownOperationException");
        }
        assertEquals(before, keyCount(), "a refused request created a key");
        // When: a ListKeys call goes to / with a query string
        // Then: it is served
        assertEquals(
                200,
                exchange(RawHttp.request(
                                "POST",
                                "/?x=1",
                                port,
                                "{}",
                                "X-Amz-Target: TrentService.ListKeys",
                                "Content-Type: " + JSON11))
                        .status(),
                "the query string is not part of the path");
    }

    @Test
    void otherContentTypesAreRefused() throws Exception {
        for (String type : new String[] {"application/json", "text/plain", "application/x-www-form-urlencoded"}) {
            assertAwsError(
                    exchange(RawHttp.request(
                            "POST", "/", port, "{}", "X-Amz-Target: TrentService.ListKeys", "Content-Type: " + type)),
                    400,
                    "UnknownOperationException");
        }
        assertAwsError(
                exchange(RawHttp.request("POST", "/", port, "{}", "X-Amz-Target: TrentService.ListKeys")),
                400,
                "UnknownOperationException");
        assertEquals(
                200,
                exchange(RawHttp.request(
                                "POST",
                                "/",
                                port,
                                "{}",
                                "X-Amz-Target: TrentService.ListKeys",
                                "Content-Type: application/x-amz-json-1.0"))
                        .status());
    }

    @Test
    void healthAnswersWithoutAuthentication() throws Exception {
        RawHttp.Response health = exchange(RawHttp.request("GET", "/health", port, ""));
        assertEquals(200, health.status());
        assertEquals("application/json", health.header("Content-Type"));
        assertEquals("{\"status\":\"ok\"}", health.body());
        assertAwsError(exchange(RawHttp.request("POST", "/health", port, "{}")), 405, "UnknownOperationException");
    }

    @Test
    void anOversizedContentLengthIs413BeforeTheBodyIsSent() throws Exception {
        try (RawHttp http = new RawHttp(port, 20_000)) {
            // Headers only: a server that waited for the 2 MB body would time out with a 400 instead.
            http.send("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                    + "Content-Type: " + JSON11 + "\r\nContent-Length: 2000000\r\n\r\n");
            RawHttp.Response r = http.read();
            assertAwsError(r, 413, "ValidationException");
            assertEquals("close", r.header("Connection"));
        }
    }

    /** As Python's http.client does: the whole 20 MB body is written before the response is read. */
    @Test
    void aClientThatSendsTwentyMegabytesFirstReadsThe413() throws Exception {
        try (RawHttp http = new RawHttp(port, 60_000)) {
            byte[] body = new byte[20 * 1024 * 1024];
            java.util.Arrays.fill(body, (byte) 'a');
            OutputStream out = http.out;
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                            + "Content-Type: " + JSON11 + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertAwsError(http.read(), 413, "ValidationException");
        }
    }

    @Test
    void pythonHttpClientSendingTwentyMegabytesGetsA413() throws Exception {
        // Given: a Python http.client that writes the whole 20 MB body before reading the response
        String script = """
                import http.client, sys
                c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=60)
                c.request("POST", "/", body=b"a" * 20_000_000, headers={"X-Amz-Target": "TrentService.ListKeys",
                          "Content-Type": "application/x-amz-json-1.1"})
                r = c.getresponse()
                print(r.status, r.read().decode())
                """;
        // When
        Process python = new ProcessBuilder("python3", "-c", script, Integer.toString(port))
                .redirectErrorStream(true)
                .start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        // Then: it reads a 413
        assertTrue(python.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), output);
        assertTrue(output.startsWith("413 {\"__type\":\"ValidationException\""), output);
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400AfterABoundedWait() throws Exception {
        try (RawHttp http = new RawHttp(port, 30_000)) {
            http.send("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                    + "Content-Type: " + JSON11 + "\r\nContent-Length: 100\r\n\r\n{}");
            long started = System.nanoTime();
            RawHttp.Response r = http.read();
            assertAwsError(r, 400, "RequestTimeoutException");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited < 20_000, "answered after " + waited + " ms");
            assertTrue(http.closedByServer());
        }
    }

    /** Slowloris: headers a byte at a time never complete a request; the request's deadline closes it anyway. */
    @Test
    void headersTrickledInAreCutOffAtTheRequestDeadline() throws Exception {
        try (RawHttp http = new RawHttp(port, 30_000)) {
            String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                    + "X-Padding: " + "a".repeat(200);
            long started = System.nanoTime();
            CompletableFuture<RawHttp.Response> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return http.read();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < head.length() && !response.isDone(); i++) {
                try {
                    http.send(head.substring(i, i + 1));
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(100);
            }
            RawHttp.Response r = response.get(30, TimeUnit.SECONDS);
            assertAwsError(r, 400, "RequestTimeoutException");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited < 20_000, "cut off after " + waited + " ms");
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(port, 20_000)) {
            for (int i = 0; i < 5; i++) {
                http.send(RawHttp.request("GET", "/health", port, ""));
                RawHttp.Response health = http.read();
                assertEquals(200, health.status());
                assertEquals("keep-alive", health.header("Connection"));
                http.send(RawHttp.kms("GenerateRandom", port, "{\"NumberOfBytes\":16}"));
                assertEquals(200, http.read().status());
            }
            http.send(RawHttp.request("GET", "/health", port, "", "Connection: close"));
            assertEquals("close", http.read().header("Connection"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void expectContinueAndChunkedBodiesWork() throws Exception {
        try (RawHttp http = new RawHttp(port, 20_000)) {
            http.send("POST / HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-Amz-Target: TrentService.GenerateRandom\r\n"
                    + "Content-Type: " + JSON11 + "\r\nContent-Length: 20\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, http.read().status());
            http.send("{\"NumberOfBytes\":16}");
            assertEquals(200, http.read().status());
            http.send("POST / HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-Amz-Target: TrentService.GenerateRandom\r\n"
                    + "Content-Type: " + JSON11 + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "a\r\n{\"NumberOf\r\na\r\nBytes\":16}\r\n0\r\n\r\n");
            RawHttp.Response chunked = http.read();
            assertEquals(200, chunked.status(), chunked.body());
        }
    }

    @Test
    void malformedRequestsAreAnswered400NotDropped() throws Exception {
        assertAwsError(exchange("BLAH\r\n\r\n"), 400, "SerializationException");
        assertAwsError(
                exchange("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                        + "Content-Type: " + JSON11 + "\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
                400,
                "SerializationException");
        assertAwsError(
                exchange("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                        + "Content-Type: " + JSON11 + "\r\nContent-Length: -1\r\n\r\n"),
                400,
                "SerializationException");
        assertAwsError(
                exchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\n\r\n"),
                431,
                "ValidationException");
    }

    @Test
    void connectionsOverTheCapWaitForAFreeSlot() throws Exception {
        try (LocalKeysmith own = LocalKeysmith.withFlags("--in-memory")) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < LocalHttpServer.MAX_CONNECTIONS; i++) {
                    RawHttp idle = new RawHttp(own.port(), 20_000);
                    // each holds a slot: a request answered shows it was accepted
                    idle.send(RawHttp.request("GET", "/health", own.port(), ""));
                    assertEquals(200, idle.read().status());
                    held.add(idle);
                }
                try (RawHttp waiting = new RawHttp(own.port(), 2_000)) {
                    waiting.send(RawHttp.request("GET", "/health", own.port(), ""));
                    assertThrows(SocketTimeoutException.class, waiting::read, "a connection over the cap was served");
                    held.remove(0).close();
                    waiting.socket.setSoTimeout(20_000);
                    assertEquals(200, waiting.read().status());
                }
            } finally {
                for (RawHttp h : held) {
                    h.close();
                }
            }
        }
    }

    @Test
    void aHostThatIsNotTheRunnersIsRefusedBeforeAnythingRuns() throws Exception {
        try (LocalKeysmith own = LocalKeysmith.withFlags(
                "--in-memory", "--allowed-host", "keysmith.test", "--allowed-host", "tunnel.test:9000")) {
            int p = own.port();
            for (String host : new String[] {
                "evil.example:" + p,
                "evil.example",
                "127.0.0.1:" + (p == 1 ? 2 : 1),
                "localhost.evil.example:" + p,
                "127.0.0.1.nip.io:" + p,
                "tunnel.test:9001",
                "keysmith.test:1"
            }) {
                RawHttp.Response r;
                try (RawHttp http = new RawHttp(p, 20_000)) {
                    http.send(RawHttp.request(
                            "POST",
                            "/",
                            p,
                            "{}",
                            "Host: " + host,
                            "X-Amz-Target: TrentService.CreateKey",
                            "Content-Type: " + JSON11));
                    r = http.read();
                }
                assertAwsError(r, 403, "AccessDeniedException");
            }
            for (String host : new String[] {
                "127.0.0.1:" + p,
                "localhost:" + p,
                "LOCALHOST:" + p,
                "[::1]:" + p,
                "127.0.0.1",
                "keysmith.test:" + p,
                "keysmith.test",
                "tunnel.test:9000"
            }) {
                try (RawHttp http = new RawHttp(p, 20_000)) {
                    http.send(RawHttp.request("GET", "/health", p, "", "Host: " + host));
                    assertEquals(200, http.read().status(), host);
                }
            }
            try (RawHttp http = new RawHttp(p, 20_000)) {
                http.send("GET /health HTTP/1.0\r\n\r\n");
                assertAwsError(http.read(), 403, "AccessDeniedException");
            }
            try (RawHttp http = new RawHttp(p, 20_000)) {
                http.send(RawHttp.kms("ListKeys", p, "{}"));
                RawHttp.Response keys = http.read();
                assertEquals(200, keys.status());
                assertTrue(keys.body().startsWith("{\"Keys\":[]"), "a refused CreateKey ran: " + keys.body());
            }
        }
    }
}
