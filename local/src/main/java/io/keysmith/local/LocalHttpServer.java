package io.keysmith.local;

import io.keysmith.api.HttpRouting;
import io.keysmith.api.KmsApi;
import io.keysmith.core.Caller;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 server on 127.0.0.1 for the KMS protocol, one platform thread per connection.
 * It replaces the JDK's HttpServer, which cannot answer a body shorter than its Content-Length with
 * a 400 (its reads have no timeout; maxReqTime only closes the connection), nor keep a connection
 * open long enough for a client that sends its whole body before it reads a 413.
 *
 * <p>Per request: the Host check (DNS rebinding) runs first, then the route, then the size, all
 * before the body is read; headers and body must arrive within {@link #REQUEST_TIMEOUT_MS}. A
 * response sent without reading the body closes the connection gracefully: it half-closes and
 * discards what the client still sends (bounded), so that the client reads the answer instead of a reset.
 */
final class LocalHttpServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 64;
    static final int REQUEST_TIMEOUT_MS = 5_000;
    static final int IDLE_TIMEOUT_MS = 30_000;
    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 100;
    private static final long DRAIN_BYTES = 64L * 1024 * 1024;
    private static final long DRAIN_MS = 10_000;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("\\d{1,18}");
    private static final Set<String> OWN_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    /** A KMS call; the server writes the response and the log line. */
    interface KmsCall {
        Answer handle(String target, byte[] body, Caller caller);
    }

    /** A KMS response, with what the log line needs; {@code wipe} zeroes the body once it is sent. */
    record Answer(
            int status,
            byte[] body,
            String operation,
            String keyArn,
            String error,
            String decision,
            String decidedBy,
            Runnable wipe) {}

    private final ServerSocket listener;
    private volatile KmsCall kms;
    private volatile Authentication authentication;
    private final Set<String> allowedHosts;
    private final Consumer<String> log;
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("keysmith-http"));
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean stopping;
    private Thread acceptor;

    private LocalHttpServer(ServerSocket listener, Set<String> allowedHosts, Consumer<String> log) {
        this.listener = listener;
        this.allowedHosts = allowedHosts;
        this.log = log;
    }

    /** Binds at once, so that a port in use is known before anything else starts; serves after {@link #start}. */
    static LocalHttpServer bind(int port, Set<String> allowedHosts, Consumer<String> log) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        Set<String> names = ConcurrentHashMap.newKeySet();
        allowedHosts.forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
        return new LocalHttpServer(listener, names, log);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Starts accepting; until then connections wait in the backlog. */
    void start(Authentication callers, KmsCall kmsCall) {
        this.authentication = callers;
        this.kms = kmsCall;
        acceptor = daemon("keysmith-http-accept").newThread(this::acceptLoop);
        acceptor.start();
    }

    /** Over the cap, connections wait in the listen backlog until a slot frees, rather than being reset. */
    private void acceptLoop() {
        while (!stopping) {
            try {
                slots.acquire();
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (IOException e) {
                    slots.release();
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                Connection connection = new Connection(socket);
                open.add(connection);
                connections.execute(() -> {
                    try {
                        connection.serve();
                    } finally {
                        open.remove(connection);
                        connection.closeQuietly();
                        slots.release();
                    }
                });
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Stops accepting, closes idle connections, lets requests in flight finish (each answered with
     * {@code Connection: close}) for up to {@code graceMs}, then closes what is left.
     */
    void stop(long graceMs) {
        stopping = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (acceptor != null) {
            acceptor.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        while (System.nanoTime() < deadline) {
            open.forEach(Connection::closeIfIdle);
            if (busy.get() == 0) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.forEach(Connection::closeQuietly);
        connections.shutdownNow();
    }

    @Override
    public void close() {
        stop(0);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The request line and headers (names in lower case; a repeated header keeps its first value and is counted). */
    private record Head(
            String method,
            String path,
            String rawQuery,
            String version,
            Map<String, String> headers,
            Set<String> repeated) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** Why a request is answered with an error before it reaches KMS. */
    private static final class Refused extends Exception {
        final HttpRouting.Refusal refusal;

        Refused(int status, String code, String message) {
            super(message, null, false, false);
            this.refusal = new HttpRouting.Refusal(status, code, message);
        }
    }

    private final class Connection {
        private static final int IDLE = 0;
        private static final int ACTIVE = 1;
        private static final int CLOSED = 2;
        private final Socket socket;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private final byte[] buffer = new byte[16 * 1024];
        private int position;
        private int limit;
        private long deadline;
        private InputStream in;
        private OutputStream out;

        Connection(Socket socket) {
            this.socket = socket;
        }

        void closeIfIdle() {
            if (state.compareAndSet(IDLE, CLOSED)) {
                closeQuietly();
            }
        }

        void closeQuietly() {
            state.set(CLOSED);
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }

        void serve() {
            try {
                socket.setTcpNoDelay(true);
                in = socket.getInputStream();
                out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
                boolean keepAlive = true;
                while (keepAlive && !stopping) {
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IDLE_TIMEOUT_MS);
                    if (!await()) {
                        return; // closed by the client, idle too long, or closed by stop()
                    }
                    if (!state.compareAndSet(IDLE, ACTIVE)) {
                        return;
                    }
                    busy.incrementAndGet();
                    try {
                        keepAlive = exchange();
                    } finally {
                        busy.decrementAndGet();
                        state.compareAndSet(ACTIVE, IDLE);
                    }
                }
            } catch (IOException e) {
                // the client went away or timed out between requests: nothing to answer
            }
        }

        /** Waits for the first byte of the next request. */
        private boolean await() throws IOException {
            try {
                return position < limit || fill() > 0;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }

        /** One request and its response; false when the connection must close after it. */
        private boolean exchange() throws IOException {
            long started = System.nanoTime();
            Instant at = Instant.now();
            deadline = started + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MS);
            Head head;
            try {
                head = readHead();
            } catch (Refused r) {
                respondAndClose(r.refusal, null, "-", at, started);
                return false;
            } catch (SocketTimeoutException e) {
                respondAndClose(
                        new HttpRouting.Refusal(
                                400, "RequestTimeoutException", "The request headers were not received in time."),
                        null,
                        "-",
                        at,
                        started);
                return false;
            }
            if (head == null) {
                return false; // the client closed mid-head
            }
            String caller = null; // logged as "-" until the request is authenticated, below
            boolean wantsClose = head.version().equals("HTTP/1.0")
                    ? !"keep-alive".equalsIgnoreCase(head.header("connection"))
                    : "close".equalsIgnoreCase(head.header("connection"));
            long length;
            boolean chunked;
            try {
                checkHost(head);
                HttpRouting.Refusal route =
                        HttpRouting.check(head.method(), head.path(), head.header("content-type"), true);
                if (route != null) {
                    respondAndClose(route, head, caller, at, started);
                    return false;
                }
                String transferEncoding = head.header("transfer-encoding");
                chunked = transferEncoding != null;
                if (chunked
                        && (!transferEncoding.equalsIgnoreCase("chunked") || head.header("content-length") != null)) {
                    throw new Refused(
                            400,
                            "SerializationException",
                            "Only Transfer-Encoding: chunked is supported, and not with a Content-Length.");
                }
                length = chunked ? -1 : contentLength(head);
            } catch (Refused r) {
                respondAndClose(r.refusal, head, caller, at, started);
                return false;
            }
            boolean bodyPending = chunked || length > 0;
            if (HttpRouting.isHealth(head.method(), head.path())) {
                byte[] body = HttpRouting.healthBody();
                boolean close = wantsClose || bodyPending || stopping;
                write(
                        200,
                        HttpRouting.HEALTH_CONTENT_TYPE,
                        body,
                        null,
                        close,
                        head.method().equals("HEAD"));
                logLine(at, caller, "-", null, 200, null, started);
                if (close && bodyPending) {
                    drainAndClose();
                }
                return !close;
            }
            if ("100-continue".equalsIgnoreCase(head.header("expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            byte[] body;
            try {
                body = chunked ? readChunked() : readBody((int) length);
            } catch (Refused r) {
                respondAndClose(r.refusal, head, caller, at, started);
                return false;
            } catch (SocketTimeoutException e) {
                respondAndClose(
                        new HttpRouting.Refusal(
                                400,
                                "RequestTimeoutException",
                                "The request body ended before its Content-Length; it was not received in time."),
                        head,
                        caller,
                        at,
                        started);
                return false;
            }
            if (body == null) {
                return false; // the client closed mid-body
            }
            Caller authenticated;
            try {
                authenticated = authentication.callerOf(new Authentication.ReceivedRequest(
                        head.method(),
                        head.path(),
                        head.rawQuery(),
                        head.headers(),
                        head.repeated(),
                        body,
                        socket.getInetAddress().getHostAddress()));
            } catch (Authentication.Refused r) {
                java.util.Arrays.fill(body, (byte) 0);
                boolean close = wantsClose || stopping;
                write(
                        r.refusal().status(),
                        io.keysmith.api.ApiResponse.CONTENT_TYPE,
                        r.refusal().body(),
                        null,
                        close,
                        false);
                logLine(
                        at,
                        caller,
                        operation(head.header("x-amz-target")),
                        null,
                        r.refusal().status(),
                        r.refusal().code(),
                        started);
                return !close;
            }
            caller = authenticated.arn();
            Answer answer = kms.handle(head.header("x-amz-target"), body, authenticated);
            java.util.Arrays.fill(body, (byte) 0);
            boolean close = wantsClose || stopping;
            try {
                write(answer.status(), io.keysmith.api.ApiResponse.CONTENT_TYPE, answer.body(), null, close, false);
            } finally {
                answer.wipe().run();
            }
            log.accept(RequestLog.line(
                    at,
                    caller,
                    answer.operation(),
                    answer.keyArn(),
                    answer.status(),
                    answer.error(),
                    answer.decision(),
                    answer.decidedBy(),
                    (System.nanoTime() - started) / 1_000_000.0));
            return !close;
        }

        private void checkHost(Head head) throws Refused {
            if (head.repeated().contains("host")) {
                throw new Refused(400, "SerializationException", "The request has more than one Host header.");
            }
            String host = head.header("host");
            if (host == null || !hostAllowed(host.toLowerCase(Locale.ROOT))) {
                throw new Refused(
                        403,
                        "AccessDeniedException",
                        "The Host header does not name this runner (127.0.0.1, localhost, [::1] or an --allowed-host).");
            }
        }

        /** NAME or NAME:PORT, where NAME is one of ours and PORT is this runner's; or exactly an --allowed-host. */
        private boolean hostAllowed(String host) {
            if (allowedHosts.contains(host)) {
                return true;
            }
            String name = host;
            int colon = host.lastIndexOf(':');
            if (colon > host.lastIndexOf(']')) {
                name = host.substring(0, colon);
                if (!host.substring(colon + 1).equals(Integer.toString(port()))) {
                    return false;
                }
            }
            return OWN_NAMES.contains(name) || allowedHosts.contains(name);
        }

        private long contentLength(Head head) throws Refused {
            if (head.repeated().contains("content-length")) {
                throw new Refused(400, "SerializationException", "The request has more than one Content-Length.");
            }
            String value = head.header("content-length");
            if (value == null) {
                return 0;
            }
            if (!CONTENT_LENGTH.matcher(value).matches()) {
                throw new Refused(400, "SerializationException", "The Content-Length is not a number.");
            }
            long length = Long.parseLong(value);
            if (length > KmsApi.MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return length;
        }

        private static Refused tooLarge() {
            return new Refused(
                    413, "ValidationException", "The request body is larger than " + KmsApi.MAX_BODY_BYTES + " bytes.");
        }

        private byte[] readBody(int length) throws IOException {
            byte[] body = new byte[length];
            int read = 0;
            while (read < length) {
                if (position == limit && fill() < 0) {
                    return null;
                }
                int n = Math.min(length - read, limit - position);
                System.arraycopy(buffer, position, body, read, n);
                position += n;
                read += n;
            }
            return body;
        }

        private byte[] readChunked() throws IOException, Refused {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            int[] budget = {MAX_HEAD_BYTES};
            while (true) {
                String sizeLine = readLine(budget);
                if (sizeLine == null) {
                    return null;
                }
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
                if (!hex.matches("[0-9a-fA-F]{1,7}")) {
                    throw new Refused(400, "SerializationException", "The chunked body is malformed.");
                }
                int size = Integer.parseInt(hex, 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(budget);
                        if (trailer == null) {
                            return null;
                        }
                    } while (!trailer.isEmpty());
                    return body.toByteArray();
                }
                if (body.size() + (long) size > KmsApi.MAX_BODY_BYTES) {
                    throw tooLarge();
                }
                byte[] chunk = readBody(size);
                if (chunk == null) {
                    return null;
                }
                body.write(chunk);
                java.util.Arrays.fill(chunk, (byte) 0);
                String end = readLine(budget);
                if (end == null) {
                    return null;
                }
                if (!end.isEmpty()) {
                    throw new Refused(400, "SerializationException", "The chunked body is malformed.");
                }
                budget[0] = MAX_HEAD_BYTES;
            }
        }

        private Head readHead() throws IOException, Refused {
            int[] budget = {MAX_HEAD_BYTES};
            String requestLine = readLine(budget);
            if (requestLine == null) {
                return null;
            }
            String[] parts = requestLine.split(" ", -1);
            if (parts.length != 3
                    || !TOKEN.matcher(parts[0]).matches()
                    || !parts[1].startsWith("/")
                    || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
                throw new Refused(400, "SerializationException", "The request line is not HTTP/1.1.");
            }
            Map<String, String> headers = new HashMap<>();
            Set<String> repeated = new java.util.HashSet<>();
            int count = 0;
            while (true) {
                String line = readLine(budget);
                if (line == null) {
                    return null;
                }
                if (line.isEmpty()) {
                    break;
                }
                if (++count > MAX_HEADERS) {
                    throw new Refused(431, "ValidationException", "The request has too many headers.");
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                    throw new Refused(400, "SerializationException", "A request header is malformed.");
                }
                String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                if (headers.putIfAbsent(name, value) != null) {
                    repeated.add(name);
                }
            }
            int query = parts[1].indexOf('?');
            return new Head(
                    parts[0],
                    HttpRouting.path(parts[1]),
                    query < 0 ? null : parts[1].substring(query + 1),
                    parts[2],
                    headers,
                    repeated);
        }

        /** A line ending in LF (CR before it dropped), counted against the head's budget; null at end of stream. */
        private String readLine(int[] budget) throws IOException, Refused {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                if (position == limit && fill() < 0) {
                    return null;
                }
                int b = buffer[position++] & 0xff;
                if (--budget[0] < 0) {
                    throw new Refused(
                            431,
                            "ValidationException",
                            "The request headers are larger than " + MAX_HEAD_BYTES + " bytes.");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (b == 0 || (b < 0x20 && b != '\t' && b != '\r') || b == 0x7f) {
                    throw new Refused(400, "SerializationException", "A request header holds a control character.");
                }
                line.append((char) b);
            }
        }

        /** Reads more into the buffer, waiting at most until the deadline; -1 at end of stream. */
        private int fill() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n = in.read(buffer, 0, buffer.length);
            position = 0;
            limit = Math.max(n, 0);
            return n;
        }

        private void respondAndClose(HttpRouting.Refusal refusal, Head head, String caller, Instant at, long started)
                throws IOException {
            write(
                    refusal.status(),
                    io.keysmith.api.ApiResponse.CONTENT_TYPE,
                    refusal.body(),
                    refusal.allow(),
                    true,
                    false);
            logLine(
                    at,
                    caller,
                    head == null ? null : operation(head.header("x-amz-target")),
                    null,
                    refusal.status(),
                    refusal.code(),
                    started);
            drainAndClose();
        }

        /**
         * After an answer sent without reading the body: half-close, then discard what the client still
         * sends (bounded in bytes and time) so it can read the answer; closing with unread data would reset it.
         */
        private void drainAndClose() {
            try {
                socket.shutdownOutput();
                deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
                long drained = (long) limit - position;
                position = limit;
                while (drained < DRAIN_BYTES && fill() > 0) {
                    drained += limit;
                    position = limit;
                }
            } catch (IOException e) {
                // the client is gone, or too slow: close
            } finally {
                closeQuietly();
            }
        }

        private void write(int status, String contentType, byte[] body, String allow, boolean close, boolean headOnly)
                throws IOException {
            StringBuilder head = new StringBuilder(256)
                    .append("HTTP/1.1 ")
                    .append(status)
                    .append(' ')
                    .append(reason(status))
                    .append("\r\n")
                    .append("Content-Type: ")
                    .append(contentType)
                    .append("\r\n")
                    .append("Content-Length: ")
                    .append(body.length)
                    .append("\r\n")
                    .append("x-amzn-RequestId: ")
                    .append(UUID.randomUUID())
                    .append("\r\n");
            if (allow != null) {
                head.append("Allow: ").append(allow).append("\r\n");
            }
            head.append(close ? "Connection: close\r\n" : "Connection: keep-alive\r\n")
                    .append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (!headOnly) {
                out.write(body);
            }
            out.flush();
        }

        private void logLine(
                Instant at, String caller, String operation, String keyArn, int status, String error, long started) {
            log.accept(RequestLog.line(
                    at, caller, operation, keyArn, status, error, (System.nanoTime() - started) / 1_000_000.0));
        }
    }

    /** The operation named by X-Amz-Target, for the log line of a refused request. */
    private static String operation(String target) {
        return target != null && target.startsWith("TrentService.") ? target.substring("TrentService.".length()) : null;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
