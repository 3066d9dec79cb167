package io.keysmith.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.FuzzWorld;
import io.keysmith.core.TestCallers;
import io.keysmith.enclave.AttestationSeeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

/**
 * Writes the fuzz targets' seed corpora into the test resources, from the repository's fixtures:
 * {@code java -cp <test classpath> io.keysmith.api.FuzzSeeds functions/src/test/resources events [--new-pki]}.
 * The seeds are committed; {@link FuzzSeedsTest} checks that the valid ones still reach the operations.
 */
public final class FuzzSeeds {
    static final String ENCRYPTION_CONTEXT_TENANT = "acme";

    private FuzzSeeds() {}

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args[0]);
        Path events = Path.of(args[1]);
        FuzzWorld world = FuzzWorld.create();
        KmsApi api = new KmsApi(world.keysmith());
        Path api_ = resources.resolve("io/keysmith/api");
        requestSeeds(api, events, Files.createDirectories(api_.resolve("RequestFuzzTestInputs/requestPath")));
        requestDictionary(api_.resolve("request.dict"));
        blobSeeds(api, Files.createDirectories(api_.resolve("CiphertextBlobFuzzTestInputs/ciphertextBlob")));
        markerSeeds(api, Files.createDirectories(api_.resolve("MarkersFuzzTestInputs/marker")));
        if (args.length > 2 && args[2].equals("--new-pki")) {
            // A new test PKI and new documents; run again without the flag, after a build, for the request seeds.
            AttestationSeeds.write(resources);
        }
    }

    /** Each event's body, with the fixture's key ids in place of the placeholders. */
    static String requestSeed(String operation, String body, String blob) {
        String keyId = operation.equals("CancelKeyDeletion") ? FuzzWorld.PENDING_DELETION_KEY_ID : FuzzWorld.KEY_ID;
        return operation + "\n"
                + body.replace("{{keyId}}", keyId)
                        .replace("{{otherKeyId}}", FuzzWorld.OTHER_KEY_ID)
                        .replace("{{aliasName}}", FuzzWorld.ALIAS)
                        .replace("{{ciphertextBlob}}", blob)
                        // The request target skips RSA pairs (too slow to fuzz): the seed asks for the other family.
                        .replace("RSA_2048", "ECC_NIST_P384");
    }

    private static void requestSeeds(KmsApi api, Path events, Path out) throws Exception {
        String blob = encrypt(api, null);
        try (Stream<Path> files = Files.list(events)) {
            for (Path event : files.sorted().toList()) {
                String name = event.getFileName().toString().replace(".json", "");
                JsonNode body = TestJson.MAPPER.readTree(event.toFile()).get("body");
                write(out.resolve(name), requestSeed(name, body.asText(), blob));
            }
        }
        write(out.resolve("not-json"), "DescribeKey\n{\"KeyId\": }");
        write(out.resolve("no-body"), "ListKeys");
        write(
                out.resolve("dry-run"),
                "GenerateDataKeyPair\n{\"KeyId\": \"" + FuzzWorld.ALIAS
                        + "\", \"KeyPairSpec\": \"ECC_SECG_P256K1\", \"DryRun\": true}");
        write(
                out.resolve("disabled-key"),
                "Encrypt\n{\"KeyId\": \"" + FuzzWorld.DISABLED_KEY_ID + "\", \"Plaintext\": \"AA==\"}");
        write(
                out.resolve("key-arn"),
                "DescribeKey\n{\"KeyId\": \"arn:aws:kms:us-east-1:111122223333:key/" + FuzzWorld.KEY_ID + "\"}");
        write(
                out.resolve("alias-arn"),
                "DescribeKey\n{\"KeyId\": \"arn:aws:kms:us-east-1:111122223333:" + FuzzWorld.ALIAS + "\"}");
        write(
                out.resolve("recipient-not-cose"),
                "GenerateDataKeyPair\n{\"KeyId\": \"" + FuzzWorld.KEY_ID
                        + "\", \"KeyPairSpec\": \"ECC_NIST_P256\", \"Recipient\": {\"KeyEncryptionAlgorithm\": "
                        + "\"RSAES_OAEP_SHA_256\", \"AttestationDocument\": \"hEBAQEA=\"}}");
        String recipient =
                "\"Recipient\": {\"KeyEncryptionAlgorithm\": \"RSAES_OAEP_SHA_256\", \"AttestationDocument\": \""
                        + Base64.getEncoder().encodeToString(AttestationSeeds.validDocument()) + "\"}";
        write(
                out.resolve("recipient-pair"),
                "GenerateDataKeyPair\n{\"KeyId\": \"" + FuzzWorld.KEY_ID + "\", \"KeyPairSpec\": \"ECC_NIST_P256\", "
                        + recipient + "}");
        write(out.resolve("recipient-decrypt"), "Decrypt\n{\"CiphertextBlob\": \"" + blob + "\", " + recipient + "}");
    }

    /**
     * libFuzzer's dictionary for the request target: the model's operation names, member names and enum values,
     * which the fuzzer cannot find by itself behind the model's hash lookups.
     */
    private static void requestDictionary(Path out) throws IOException {
        JsonNode model;
        try (var in = FuzzSeeds.class.getResourceAsStream("kms-service-model.json")) {
            model = TestJson.MAPPER.readTree(in);
        }
        java.util.SortedSet<String> tokens = new java.util.TreeSet<>();
        model.get("operations").fieldNames().forEachRemaining(tokens::add);
        for (JsonNode shape : model.get("shapes")) {
            shape.path("members").fieldNames().forEachRemaining(member -> tokens.add("\"" + member + "\""));
            shape.path("enum").forEach(value -> tokens.add("\"" + value.asText() + "\""));
        }
        StringBuilder dictionary =
                new StringBuilder("# Generated by io.keysmith.api.FuzzSeeds from the KMS service model.\n");
        for (String token : tokens) {
            dictionary
                    .append('"')
                    .append(token.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n");
        }
        write(out, dictionary.toString());
    }

    private static void blobSeeds(KmsApi api, Path out) throws IOException {
        byte[] valid = Base64.getDecoder().decode(encrypt(api, ENCRYPTION_CONTEXT_TENANT));
        Files.write(out.resolve("valid"), valid);
        Files.write(out.resolve("header-only"), Arrays.copyOf(valid, 77));
        byte[] version = valid.clone();
        version[0] = 2;
        Files.write(out.resolve("version-2"), version);
        byte[] edited = valid.clone();
        edited[edited.length - 1] ^= 1;
        Files.write(out.resolve("edited-tag"), edited);
    }

    /** A one-byte choice of the paged operation, then the marker it hands out at Limit 1. */
    private static void markerSeeds(KmsApi api, Path out) throws IOException {
        for (int i = 0; i < MarkersFuzzTest.OPERATIONS.length; i++) {
            String operation = MarkersFuzzTest.OPERATIONS[i];
            JsonNode page = TestJson.MAPPER.readTree(
                    MarkersFuzzTest.call(operation, null).body());
            String marker = page.path("NextMarker").asText();
            if (marker.isEmpty()) {
                throw new IllegalStateException(operation + " hands out no marker at Limit 1: " + page);
            }
            byte[] seed = (" " + marker).getBytes(StandardCharsets.UTF_8);
            seed[0] = (byte) i;
            Files.write(out.resolve(operation), seed);
        }
        Files.write(out.resolve("not-base64"), new byte[] {0, '!', '!'});
    }

    /** A blob of the fixture's key, sealed with EncryptionContext tenant=... (or none), in base64. */
    static String encrypt(KmsApi api, String tenant) throws IOException {
        ObjectNode body = Json.object();
        body.put("KeyId", FuzzWorld.KEY_ID);
        body.put("Plaintext", Base64.getEncoder().encodeToString("fuzz".getBytes(StandardCharsets.US_ASCII)));
        if (tenant != null) {
            body.putObject("EncryptionContext").put("tenant", tenant);
        }
        ApiResponse response = api.handle(new ApiRequest(
                "TrentService.Encrypt", body.toString().getBytes(StandardCharsets.UTF_8), TestCallers.ROOT));
        return TestJson.MAPPER.readTree(response.body()).get("CiphertextBlob").asText();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
