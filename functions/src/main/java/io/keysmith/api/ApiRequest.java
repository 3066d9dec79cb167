package io.keysmith.api;

import io.keysmith.core.Caller;
import java.util.Arrays;

/** A KMS JSON request as it arrived: the X-Amz-Target header, the body, and who sent it. */
public record ApiRequest(String target, byte[] body, Caller caller) {
    /** The body may carry a plaintext: its owner zeroes it once the request is answered. */
    public void wipe() {
        Arrays.fill(body, (byte) 0);
    }

    @Override
    public String toString() {
        return "ApiRequest[" + target + ", " + body.length + " bytes, " + caller.arn() + "]";
    }
}
