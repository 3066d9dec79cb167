package io.keysmith.local.alibaba;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.keysmith.core.CallScope;
import io.keysmith.core.Caller;
import io.keysmith.core.Keysmith;
import io.keysmith.core.ResolvedKey;
import io.keysmith.core.errors.KmsException;
import io.keysmith.policy.Authorization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The Alibaba Cloud KMS instance API on 127.0.0.1 over HTTPS, beside the AWS listener and on the same core: {@code
 * POST /} with a protobuf body, the operation in {@code x-kms-apiname}, signed by a client key
 * ({@link RequestSignature}, {@link ClientKeys}). Each request acts as its client key's principal ARN and is
 * authorized as any other (key policy, grants, service policy). Every refusal is Alibaba's protobuf {@code Error}.
 * The JDK's HTTPS server is enough here: the SDK sends whole, small requests with a Content-Length.
 */
public final class AlibabaListener implements AutoCloseable {
    /** Under the data dir: the CA, the server certificate and the client keys. */
    public static final String DIRECTORY = "alibaba";

    private static final int MAX_BODY = 3 * 1024 * 1024; // Alibaba refuses bodies over 3 MB with 413
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlibabaListener.class);

    /** The runner's request log line for one Alibaba request. */
    public interface RequestLogger {
        void log(
                String caller,
                String operation,
                String keyArn,
                int status,
                String error,
                String decision,
                String decidedBy,
                double latencyMs);
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final AlibabaOperations operations;
    private final ClientKeys clientKeys;
    private final Semaphore inFlight;
    private final Clock clock;
    private final RequestLogger log;

    private AlibabaListener(
            HttpsServer server,
            ExecutorService executor,
            AlibabaOperations operations,
            ClientKeys clientKeys,
            Semaphore inFlight,
            Clock clock,
            RequestLogger log) {
        this.server = server;
        this.executor = executor;
        this.operations = operations;
        this.clientKeys = clientKeys;
        this.inFlight = inFlight;
        this.clock = clock;
        this.log = log;
    }

    /** Makes or loads the TLS files in {@code DATA_DIR/alibaba/} and starts serving. */
    public static AlibabaListener start(
            AlibabaOptions options, Path dataDir, Keysmith keysmith, Clock clock, RequestLogger log)
            throws IOException {
        Path dir = Files0600.directory(dataDir.resolve(DIRECTORY));
        // The JDK's server waits for ever and takes any number of connections by default: a slow or idle client
        // must not hold a connection, a thread or a permit for good. Read when the first server is made.
        System.setProperty("sun.net.httpserver.maxReqTime", "10");
        System.setProperty("sun.net.httpserver.maxRspTime", "30");
        System.setProperty("jdk.httpserver.maxConnections", "64");
        HttpsServer server;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
        } catch (java.net.BindException e) {
            throw new IllegalStateException("--alibaba-port " + options.port() + " is already in use");
        }
        server.setHttpsConfigurator(new HttpsConfigurator(AlibabaTls.serverContext(dir, new SecureRandom())));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        Semaphore inFlight = options.maxConcurrent() > 0 ? new Semaphore(options.maxConcurrent()) : null;
        AlibabaListener listener = new AlibabaListener(
                server, executor, new AlibabaOperations(keysmith), new ClientKeys(dir), inFlight, clock, log);
        server.createContext("/", listener::serve);
        server.start();
        return listener;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        String apiName = headers.get("x-kms-apiname");
        String[] caller = {null};
        int status = 200;
        String error = null;
        boolean admitted = inFlight == null || inFlight.tryAcquire();
        try {
            if (!admitted) {
                throw AlibabaError.throttled();
            }
            byte[] body = readBody(exchange);
            try {
                byte[] response = answer(exchange, headers, apiName, body, requestId, caller);
                try {
                    send(exchange, 200, response);
                } finally {
                    Arrays.fill(response, (byte) 0); // it may hold a plaintext or a private key
                }
            } finally {
                Arrays.fill(body, (byte) 0); // Encrypt's plaintext
            }
        } catch (AlibabaError e) {
            status = e.status();
            error = e.code();
            sendError(exchange, e, requestId);
        } catch (IOException e) {
            status = 400;
            error = "IOException";
            exchange.close();
        } catch (RuntimeException e) {
            LOG.warn("Alibaba request {} failed inside Keysmith", requestId, e);
            AlibabaError internal = AlibabaError.internal();
            status = internal.status();
            error = internal.code();
            sendError(exchange, internal, requestId);
        } finally {
            if (admitted && inFlight != null) {
                inFlight.release();
            }
            Authorization decision = CallScope.lastDecision();
            log.log(
                    caller[0],
                    apiName == null ? null : "Alibaba." + apiName,
                    ResolvedKey.arn(),
                    status,
                    error,
                    decision == null ? null : decision.outcome().name(),
                    decision == null ? null : decision.label(),
                    (System.nanoTime() - started) / 1e6);
            CallScope.close();
            ResolvedKey.clear();
        }
    }

    private byte[] answer(
            HttpExchange exchange,
            Map<String, String> headers,
            String apiName,
            byte[] body,
            String requestId,
            String[] callerOut)
            throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new AlibabaError(403, "UnsupportedHTTPMethod", "This http method is not supported.");
        }
        String version = headers.get("x-kms-apiversion");
        if (!RequestSignature.API_VERSION.equals(version)) {
            throw new AlibabaError(
                    400, "InvalidApiVersion", "The ApiVersion \"" + printable(version) + "\" is invalid.");
        }
        if (apiName == null || !AlibabaOperations.NAMES.contains(apiName)) {
            throw new AlibabaError(400, "InvalidApiName", "The ApiName \"" + printable(apiName) + "\" is invalid.");
        }
        if (!RequestSignature.SIGNATURE_METHOD.equals(headers.get("x-kms-signaturemethod"))) {
            throw AlibabaError.invalidParam("x-kms-signaturemethod");
        }
        String accessKeyId = headers.get("x-kms-acccesskeyid"); // sic: the SDK's header name
        if (accessKeyId == null || accessKeyId.isEmpty()) {
            throw new AlibabaError(
                    400, "MissingParameter", "Parameter x-kms-acccesskeyid does not exist in http header or body.");
        }
        String authorization = headers.get("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new AlibabaError(
                    400, "IncompleteSignature", "The request signature does not conform to Alibaba Cloud standards.");
        }
        String stringToSign = RequestSignature.stringToSign(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                headers,
                body,
                clock);
        Optional<ClientKeys.ClientKey> key = clientKeys.find(accessKeyId);
        if (key.isEmpty()) {
            throw new AlibabaError(
                    404, "InvalidAccessKeyId.NotFound", "The AccessKey ID provided does not exist in our records.");
        }
        if (!RequestSignature.verifies(authorization, stringToSign, key.get().publicKey())) {
            throw new AlibabaError(
                    400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
        }
        if (key.get().revoked()) {
            throw new AlibabaError(403, "Forbidden.AccessKey", "This AccessKey is not enabled.");
        }
        callerOut[0] = key.get().arn();
        CallScope.open(
                Caller.of(
                        key.get().arn(),
                        exchange.getRemoteAddress().getAddress().getHostAddress(),
                        true),
                List.of());
        ResolvedKey.clear();
        try {
            return operations.handle(apiName, body, requestId);
        } catch (Protobuf.MalformedException e) {
            throw new AlibabaError(
                    400,
                    "ParseRequestParameterException",
                    "Server parse parameters exception. Please check your input params.");
        } catch (KmsException e) {
            throw AlibabaError.of(e);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            if (length != null && Long.parseLong(length.trim()) > MAX_BODY) {
                throw new AlibabaError(413, "Rejected.RequestEntityTooLarge", "The request body is larger than 3 MB.");
            }
        } catch (NumberFormatException e) {
            throw AlibabaError.invalidParam("Content-Length");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new AlibabaError(413, "Rejected.RequestEntityTooLarge", "The request body is larger than 3 MB.");
            }
            return body;
        }
    }

    private static void sendError(HttpExchange exchange, AlibabaError e, String requestId) {
        byte[] body = new Protobuf.Writer()
                .int32(1, e.status())
                .string(2, e.code())
                .string(3, e.getMessage())
                .string(4, requestId)
                .toByteArray();
        try {
            send(exchange, e.status(), body);
        } catch (IOException ignored) {
            exchange.close(); // the client went away
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A header value quoted back in an error message: printable ASCII only, at most 64 characters. */
    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x21 && c <= 0x7e && c != '"' ? c : '?');
        }
        return out.toString();
    }
}
