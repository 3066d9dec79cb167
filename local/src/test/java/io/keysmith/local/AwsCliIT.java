package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.DataKeyPairSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified AWS CLI against the local runner, as a new user would drive it. It skips itself
 * where no {@code aws} command is on the PATH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCliIT {
    @TempDir
    Path work;

    private LocalKeysmith keysmith;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(AwsCli.present(), "the AWS CLI is not on the PATH");
        keysmith = LocalKeysmith.inMemory();
    }

    @AfterAll
    void stop() {
        if (keysmith != null) {
            keysmith.close();
        }
    }

    private JsonNode aws(String... args) throws Exception {
        AwsCli.Result result = AwsCli.run(AwsCli.kms(keysmith, "us-east-1", "cli", "cli", args));
        assertEquals(0, result.exitCode(), String.join(" ", args) + " -> " + result.output());
        return result.output().isBlank() ? Wire.JSON.createObjectNode() : Wire.JSON.readTree(result.output());
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(work.resolve(name), content);
    }

    @Test
    void newUserWalkthroughForEverySpec() throws Exception {
        String keyId = aws("create-key", "--description", "cli")
                .get("KeyMetadata")
                .get("KeyId")
                .asText();
        aws("create-alias", "--alias-name", "alias/cli", "--target-key-id", keyId);
        for (DataKeyPairSpec spec : DataKeyPairSpec.values()) {
            JsonNode pair = aws(
                    "generate-data-key-pair",
                    "--key-id",
                    "alias/cli",
                    "--key-pair-spec",
                    spec.name(),
                    "--encryption-context",
                    "tenant=cli");
            JsonNode withoutPlaintext =
                    aws("generate-data-key-pair-without-plaintext", "--key-id", keyId, "--key-pair-spec", spec.name());
            assertEquals(spec.name(), withoutPlaintext.get("KeyPairSpec").asText());
            Path blob = file(
                    spec + ".bin",
                    Base64.getDecoder()
                            .decode(pair.get("PrivateKeyCiphertextBlob").asText()));
            JsonNode decrypted =
                    aws("decrypt", "--ciphertext-blob", "fileb://" + blob, "--encryption-context", "tenant=cli");
            assertEquals(
                    pair.get("PrivateKeyPlaintext").asText(),
                    decrypted.get("Plaintext").asText(),
                    spec.name());
        }
    }

    @Test
    void lifecycleRotationAndSymmetricOperations() throws Exception {
        // Given: two keys, one tagged
        String keyId = aws("create-key", "--tags", "TagKey=team,TagValue=crypto")
                .get("KeyMetadata")
                .get("KeyId")
                .asText();
        String other = aws("create-key").get("KeyMetadata").get("KeyId").asText();
        // When: the tagged key is renamed, disabled, enabled, tagged and untagged
        aws("update-key-description", "--key-id", keyId, "--description", "renamed");
        aws("disable-key", "--key-id", keyId);
        aws("enable-key", "--key-id", keyId);
        aws("tag-resource", "--key-id", keyId, "--tags", "TagKey=env,TagValue=test");
        aws("untag-resource", "--key-id", keyId, "--tag-keys", "team");
        // Then: only the new tag remains
        assertEquals(
                "env",
                aws("list-resource-tags", "--key-id", keyId)
                        .get("Tags")
                        .get(0)
                        .get("TagKey")
                        .asText());
        // When: an alias is created and moved to the other key
        aws("create-alias", "--alias-name", "alias/cli-moves", "--target-key-id", keyId);
        aws("update-alias", "--alias-name", "alias/cli-moves", "--target-key-id", other);
        // Then: the other key lists it
        assertEquals(1, aws("list-aliases", "--key-id", other).get("Aliases").size());
        aws("delete-alias", "--alias-name", "alias/cli-moves");
        // When: automatic rotation is enabled
        aws("enable-key-rotation", "--key-id", keyId, "--rotation-period-in-days", "90");
        // Then: the key's rotation status says so
        assertTrue(aws("get-key-rotation-status", "--key-id", keyId)
                .get("KeyRotationEnabled")
                .asBoolean());
        aws("disable-key-rotation", "--key-id", keyId);

        // When: a file is encrypted and the key rotated on demand
        Path plaintext = file("plain.txt", "hello".getBytes(StandardCharsets.UTF_8));
        JsonNode encrypted = aws("encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintext);
        aws("rotate-key-on-demand", "--key-id", keyId);
        // Then: one rotation is listed
        assertEquals(
                1, aws("list-key-rotations", "--key-id", keyId).get("Rotations").size());
        // When: the blob is re-encrypted under the other key
        Path blob = file(
                "blob.bin",
                Base64.getDecoder().decode(encrypted.get("CiphertextBlob").asText()));
        JsonNode moved = aws("re-encrypt", "--ciphertext-blob", "fileb://" + blob, "--destination-key-id", other);
        Path movedBlob = file(
                "moved.bin",
                Base64.getDecoder().decode(moved.get("CiphertextBlob").asText()));
        // Then: it decrypts to the file's contents
        assertArrayEquals(
                "hello".getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder()
                        .decode(aws("decrypt", "--ciphertext-blob", "fileb://" + movedBlob)
                                .get("Plaintext")
                                .asText()));
        // When: data keys and random bytes are generated, and the keys listed
        // Then: they come back as asked
        assertEquals(
                32,
                Base64.getDecoder()
                        .decode(aws("generate-data-key", "--key-id", keyId, "--key-spec", "AES_256")
                                .get("Plaintext")
                                .asText())
                        .length);
        assertTrue(aws("generate-data-key-without-plaintext", "--key-id", keyId, "--number-of-bytes", "16")
                .has("CiphertextBlob"));
        assertEquals(
                24,
                Base64.getDecoder()
                        .decode(aws("generate-random", "--number-of-bytes", "24")
                                .get("Plaintext")
                                .asText())
                        .length);
        assertTrue(aws("list-keys").get("Keys").size() >= 2);
        // When: the key's deletion is scheduled, then cancelled
        // Then: it is pending deletion, then disabled
        assertEquals(
                "PendingDeletion",
                aws("schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7")
                        .get("KeyState")
                        .asText());
        aws("cancel-key-deletion", "--key-id", keyId);
        assertEquals(
                "Disabled",
                aws("describe-key", "--key-id", keyId)
                        .get("KeyMetadata")
                        .get("KeyState")
                        .asText());
    }
}
