package io.keysmith.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What is a KMS call at the HTTP level, shared by the local runner and the Lambda handler: only
 * {@code POST /} with a JSON 1.0/1.1 content type reaches {@link KmsApi}; {@code GET /health} answers
 * without authentication; everything else is refused with an AWS-shaped body, before the body is used.
 */
public final class HttpRouting {
    public static final String HEALTH_PATH = "/health";
    public static final String HEALTH_CONTENT_TYPE = "application/json";
    private static final byte[] HEALTH_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

    private HttpRouting() {}

    /** A refusal: status, error code and message as AWS shapes them, and an Allow header for a 405. */
    public record Refusal(int status, String code, String message, String allow) {
        public Refusal(int status, String code, String message) {
            this(status, code, message, null);
        }

        public byte[] body() {
            return ("{\"__type\":\"" + code + "\",\"message\":\""
                            + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    public static boolean isHealth(String method, String path) {
        return HEALTH_PATH.equals(path) && ("GET".equals(method) || "HEAD".equals(method));
    }

    public static byte[] healthBody() {
        return HEALTH_BODY.clone();
    }

    /**
     * Null when the request is a KMS call (or the health check); otherwise why it is refused.
     * {@code contentTypeRequired}: the local runner refuses a missing content type, as AWS does; the
     * Lambda checks only one that is present, since API Gateway has already chosen the route.
     */
    public static Refusal check(String method, String path, String contentType, boolean contentTypeRequired) {
        if (isHealth(method, path)) {
            return null;
        }
        if (HEALTH_PATH.equals(path)) {
            return new Refusal(
                    405, "UnknownOperationException", "Only GET is allowed on " + HEALTH_PATH + ".", "GET, HEAD");
        }
        if (!"/".equals(path)) {
            return new Refusal(
                    404,
                    "UnknownOperationException",
                    "No such resource; KMS requests are POST / with an X-Amz-Target header.");
        }
        if (!"POST".equals(method)) {
            return new Refusal(
                    405,
                    "UnknownOperationException",
                    "Only POST is allowed; KMS requests are POST / with an X-Amz-Target header.",
                    "POST");
        }
        if (contentType == null ? contentTypeRequired : !isJsonProtocol(contentType)) {
            // AWS cannot pick a protocol without the content type and answers UnknownOperationException.
            return new Refusal(
                    400,
                    "UnknownOperationException",
                    "The Content-Type must be application/x-amz-json-1.1 (or application/x-amz-json-1.0).");
        }
        return null;
    }

    /** {@code application/x-amz-json-1.1} or {@code -1.0}, with any parameters (a charset) after a ';'. */
    static boolean isJsonProtocol(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        return media.equals("application/x-amz-json-1.1") || media.equals("application/x-amz-json-1.0");
    }

    /** The path without its query string. */
    public static String path(String target) {
        if (target == null) {
            return null;
        }
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
