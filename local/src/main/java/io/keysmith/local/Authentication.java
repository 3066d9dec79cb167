package io.keysmith.local;

import io.keysmith.api.HttpRouting;
import io.keysmith.core.Caller;
import java.util.Map;
import java.util.Set;

/** Establishes who sent a KMS request that arrived in full; {@code GET /health} never comes here. */
interface Authentication {

    Caller callerOf(ReceivedRequest request) throws Refused;

    /**
     * A request as it arrived: header names in lower case (a repeated header keeps its first value and is
     * named in {@code repeatedHeaders}), the raw query (null when none), the client's address.
     */
    record ReceivedRequest(
            String method,
            String path,
            String rawQuery,
            Map<String, String> headers,
            Set<String> repeatedHeaders,
            byte[] body,
            String sourceIp) {
        String header(String name) {
            return headers.get(name);
        }

        @Override
        public String toString() {
            return "ReceivedRequest[" + method + " " + path + ", " + body.length + " bytes]";
        }
    }

    /** Authentication failed: answered as it is, an AWS-shaped 4xx. */
    final class Refused extends Exception {
        private final HttpRouting.Refusal refusal;

        Refused(int status, String code, String message) {
            super(code + ": " + message, null, false, false);
            this.refusal = new HttpRouting.Refusal(status, code, message);
        }

        HttpRouting.Refusal refusal() {
            return refusal;
        }
    }

    /** Without {@code --identities}: nothing is verified and every caller is the account's root. */
    static Authentication everyoneIsAccountRoot(String account) {
        return request -> Caller.accountRoot(account, request.sourceIp(), false);
    }
}
