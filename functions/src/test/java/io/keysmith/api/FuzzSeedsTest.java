package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.FuzzWorld;
import io.keysmith.core.TestCallers;
import io.keysmith.enclave.AttestationSeeds;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed seeds still reach deep into the targets: a seed that the fixture no longer accepts
 * (its key ids changed, or the marker key) would leave the fuzzer starting from validation errors.
 */
class FuzzSeedsTest {
    private final FuzzWorld world = FuzzWorld.create();
    private final KmsApi api = new KmsApi(world.keysmith(), AttestationSeeds.verifier());

    private static Path inputs(String resource) throws URISyntaxException {
        return Path.of(FuzzSeedsTest.class.getResource(resource).toURI());
    }

    private ApiResponse call(String operation, byte[] body) {
        world.reset();
        return api.handle(new ApiRequest("TrentService." + operation, body, TestCallers.ROOT));
    }

    @Test
    void everyEventSeedSucceeds() throws Exception {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(inputs("RequestFuzzTestInputs/requestPath"))) {
            seeds = files.filter(f ->
                            Character.isUpperCase(f.getFileName().toString().charAt(0)))
                    .sorted()
                    .toList();
        }
        assertTrue(seeds.size() >= 28, "one seed per events/*.json: " + seeds);
        for (Path seed : seeds) {
            String text = Files.readString(seed);
            int newline = text.indexOf('\n');
            ApiResponse response =
                    call(text.substring(0, newline), text.substring(newline + 1).getBytes(StandardCharsets.UTF_8));
            assertEquals(200, response.status(), seed.getFileName() + ": " + response.bodyText());
        }
    }

    @Test
    void theRecipientSeedsReachTheEnclaveEnvelope() throws Exception {
        for (String name : List.of("recipient-pair", "recipient-decrypt")) {
            String text =
                    Files.readString(inputs("RequestFuzzTestInputs/requestPath").resolve(name));
            int newline = text.indexOf('\n');
            ApiResponse response =
                    call(text.substring(0, newline), text.substring(newline + 1).getBytes(StandardCharsets.UTF_8));
            assertEquals(200, response.status(), name + ": " + response.bodyText());
            assertTrue(
                    TestJson.MAPPER
                            .readTree(response.body())
                            .path("CiphertextForRecipient")
                            .isTextual(),
                    name);
        }
    }

    @Test
    void theValidBlobSeedDecrypts() throws Exception {
        byte[] blob = Files.readAllBytes(
                inputs("CiphertextBlobFuzzTestInputs/ciphertextBlob").resolve("valid"));
        ObjectNode body = Json.object();
        body.put("CiphertextBlob", Base64.getEncoder().encodeToString(blob));
        body.putObject("EncryptionContext").put("tenant", FuzzSeeds.ENCRYPTION_CONTEXT_TENANT);
        ApiResponse response = call("Decrypt", body.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.status(), response.bodyText());
        assertEquals(
                "fuzz",
                new String(
                        Base64.getDecoder()
                                .decode(TestJson.MAPPER
                                        .readTree(response.body())
                                        .get("Plaintext")
                                        .asText()),
                        StandardCharsets.US_ASCII));
    }

    @Test
    void everyMarkerSeedPages() throws Exception {
        for (int i = 0; i < MarkersFuzzTest.OPERATIONS.length; i++) {
            String operation = MarkersFuzzTest.OPERATIONS[i];
            byte[] seed =
                    Files.readAllBytes(inputs("MarkersFuzzTestInputs/marker").resolve(operation));
            assertEquals(i, seed[0]);
            world.reset();
            ApiResponse response =
                    MarkersFuzzTest.call(operation, new String(seed, 1, seed.length - 1, StandardCharsets.UTF_8));
            assertEquals(200, response.status(), operation + ": " + response.bodyText());
        }
    }
}
