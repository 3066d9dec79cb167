package io.keysmith.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A KMS JSON response: status and body, always {@value #CONTENT_TYPE}, and the record of the request. */
public record ApiResponse(int status, byte[] body, RequestRecord record) {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body may carry a plaintext or a private key: its owner zeroes it once it is sent. */
    public void wipe() {
        Arrays.fill(body, (byte) 0);
    }

    @Override
    public String toString() {
        return "ApiResponse[" + status + ", " + body.length + " bytes, " + record + "]";
    }
}
