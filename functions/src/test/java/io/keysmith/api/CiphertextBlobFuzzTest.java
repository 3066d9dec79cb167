package io.keysmith.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.CiphertextBlob;
import io.keysmith.core.FuzzWorld;
import io.keysmith.core.TestCallers;
import io.keysmith.core.errors.InvalidCiphertextException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The ciphertext-blob parser, alone and behind Decrypt and ReEncrypt: arbitrary bytes as the blob. The
 * seeds are blobs that decrypt in {@link FuzzWorld} (with EncryptionContext tenant=acme) and cut or edited ones.
 */
class CiphertextBlobFuzzTest {
    private static final FuzzWorld WORLD = FuzzWorld.create();
    private static final KmsApi API = new KmsApi(WORLD.keysmith());

    @FuzzTest
    void ciphertextBlob(byte[] blob) {
        try {
            CiphertextBlob parsed = CiphertextBlob.parse(blob);
            if (!Arrays.equals(parsed.encode(), blob)) {
                throw new AssertionError("a parsed blob does not encode back to its bytes");
            }
        } catch (InvalidCiphertextException e) {
            if (!e.getMessage().isEmpty()) {
                throw new AssertionError("InvalidCiphertextException says which part was wrong: " + e.getMessage());
            }
        }
        WORLD.reset();
        ObjectNode decrypt = Json.object();
        decrypt.put("CiphertextBlob", Base64.getEncoder().encodeToString(blob));
        decrypt.putObject("EncryptionContext").put("tenant", "acme");
        FuzzChecks.requireAwsShaped(call("Decrypt", decrypt));

        ObjectNode reEncrypt = decrypt.deepCopy();
        reEncrypt.set("SourceEncryptionContext", reEncrypt.remove("EncryptionContext"));
        reEncrypt.put("DestinationKeyId", FuzzWorld.OTHER_ALIAS);
        FuzzChecks.requireAwsShaped(call("ReEncrypt", reEncrypt));
    }

    private static ApiResponse call(String operation, ObjectNode body) {
        return API.handle(new ApiRequest(
                "TrentService." + operation, body.toString().getBytes(StandardCharsets.UTF_8), TestCallers.ROOT));
    }
}
