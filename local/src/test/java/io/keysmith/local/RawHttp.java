package io.keysmith.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client on a plain socket, for what no SDK sends: a wrong Host, a body shorter than its
 * Content-Length, headers a byte at a time. It reads one HTTP/1.1 response with a Content-Length.
 */
final class RawHttp implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    final OutputStream out;

    RawHttp(int port, int readTimeoutMs) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(readTimeoutMs);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A request with a Content-Length, {@code Host: 127.0.0.1:PORT} unless the headers name one. */
    static String request(String method, String path, int port, String body, String... headers) {
        StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean host = false;
        for (String h : headers) {
            host |= h.toLowerCase(Locale.ROOT).startsWith("host:");
            r.append(h).append("\r\n");
        }
        if (!host) {
            r.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!method.equals("GET") || !body.isEmpty()) {
            r.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        return r.append("\r\n").append(body).toString();
    }

    static String kms(String operation, int port, String body) {
        return request(
                "POST",
                "/",
                port,
                body,
                "X-Amz-Target: TrentService." + operation,
                "Content-Type: application/x-amz-json-1.1");
    }

    Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server has closed its side: the next read finds the end of the stream. */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
