package io.keysmith.api;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.FuzzWorld;
import io.keysmith.core.TestCallers;
import io.keysmith.enclave.AttestationSeeds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The request path: X-Amz-Target and JSON body, then validation against the service model, then the
 * operation on an in-memory store. An input is the operation name, a newline, and the body (the seeds
 * are the bodies of {@code events/*.json} with the fixture's key ids, and requests with a Recipient whose
 * attestation document verifies). The store is reset before each input.
 */
class RequestFuzzTest {
    private static final FuzzWorld WORLD = FuzzWorld.create();
    /** Trusting the attestation target's test PKI, so that a seed's Recipient reaches the enclave envelope. */
    private static final KmsApi API = new KmsApi(WORLD.keysmith(), AttestationSeeds.verifier());

    @DictionaryFile(resourcePath = "request.dict")
    @FuzzTest
    void requestPath(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String operation = new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.UTF_8);
        byte[] body = newline < 0 ? new byte[0] : Arrays.copyOfRange(input, newline + 1, input.length);
        if (operation.startsWith("GenerateDataKeyPair") && rsaPair(body)) {
            return; // an RSA key pair takes 50 ms to 2 s to generate: it would starve the fuzzer, and teaches it
            // nothing
        }
        WORLD.reset();
        FuzzChecks.requireAwsShaped(API.handle(new ApiRequest("TrentService." + operation, body, TestCallers.ROOT)));
    }

    private static boolean rsaPair(byte[] body) {
        try {
            JsonNode spec = TestJson.MAPPER.readTree(body).path("KeyPairSpec");
            return spec.isTextual() && spec.asText().startsWith("RSA");
        } catch (Exception notJson) {
            return false;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
