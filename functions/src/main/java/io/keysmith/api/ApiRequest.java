package io.keysmith.api;

/** A KMS JSON request as it arrived: the X-Amz-Target header, the body, and who sent it. */
public record ApiRequest(String target, byte[] body, String caller) {
}
