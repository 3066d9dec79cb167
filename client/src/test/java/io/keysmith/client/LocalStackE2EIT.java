package io.keysmith.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;

/**
 * End to end in LocalStack: deploys both stacks with cdklocal (tables, function, API), then calls
 * GenerateDataKeyPair through the API with the client helper. Needs Docker, Node and the network to
 * pull the LocalStack image; where Docker is absent, as on the build machine, it skips itself.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackE2EIT {
    private static final String CDK_CLI = "aws-cdk@2.1148.1";

    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4"));

    @TempDir
    Path work;

    @Test
    void deployedStackAnswersGenerateDataKeyPair() throws Exception {
        Path repo = Path.of(System.getProperty("keysmith.repo.dir"))
                .toAbsolutePath()
                .normalize();
        Path outputs = work.resolve("outputs.json");
        cdklocal(repo, "bootstrap", "aws://000000000000/us-east-1");
        cdklocal(repo, "deploy", "--all", "--require-approval", "never", "--outputs-file", outputs.toString());

        JsonNode stackOutputs = new ObjectMapper().readTree(outputs.toFile()).get("KeysmithApi");
        String endpointUrl = stackOutputs.get("EndpointUrl").asText();
        Matcher api = Pattern.compile("https?://([a-z0-9]+)\\.execute-api[^/]*/([^/]+)/?")
                .matcher(endpointUrl);
        assertTrue(api.find(), endpointUrl);
        URI endpoint = URI.create(
                LOCALSTACK.getEndpoint() + "/restapis/" + api.group(1) + "/" + api.group(2) + "/_user_request_/");

        try (KmsClient kms = KeysmithClients.kms(
                endpoint,
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            String keyId = kms.createKey(r -> r.description("localstack"))
                    .keyMetadata()
                    .keyId();
            GenerateDataKeyPairResponse pair =
                    kms.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec("ECC_NIST_P256"));
            assertEquals("ECC_NIST_P256", pair.keyPairSpecAsString());
            assertTrue(pair.keyId().endsWith(keyId));
            assertEquals(
                    keyId,
                    kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()))
                            .keyId()
                            .substring(pair.keyId().length() - keyId.length()));
        }
    }

    private void cdklocal(Path repo, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("npx", "--yes", "-p", CDK_CLI, "-p", "aws-cdk-local", "cdklocal"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(repo.toFile()).inheritIO();
        builder.environment()
                .putAll(Map.of(
                        "AWS_ENDPOINT_URL", LOCALSTACK.getEndpoint().toString(),
                        "AWS_ACCESS_KEY_ID", "test",
                        "AWS_SECRET_ACCESS_KEY", "test",
                        "AWS_DEFAULT_REGION", "us-east-1",
                        "CDK_DEFAULT_ACCOUNT", "000000000000",
                        "CDK_DEFAULT_REGION", "us-east-1"));
        Process process = builder.start();
        assertTrue(process.waitFor(15, TimeUnit.MINUTES), "cdklocal " + args[0] + " timed out");
        assertEquals(0, process.exitValue(), "cdklocal " + String.join(" ", args));
        assertTrue(Files.isDirectory(repo.resolve("cdk.out")));
    }
}
