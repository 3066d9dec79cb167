package io.keysmith.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.policy.PolicyDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The context value servicePolicyFile: its document, read at synth time, in the API function's environment. */
class ServicePolicyTemplateTest {
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Ops", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Ops"},
               "Action": "kms:*", "Resource": "*"}]}""";

    @TempDir
    Path dir;

    @Test
    void theDocumentGoesIntoTheApiFunctionsEnvironment() throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("service-policy.json"), POLICY);

        // When
        Template api = Template.fromStack(
                Synth.app(Map.of("servicePolicyFile", file.toString())).api());

        // Then
        api.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        "io.keysmith.lambda.KeysmithHandler::handleRequest",
                        "Environment",
                        Map.of("Variables", Match.objectLike(Map.of("SERVICE_POLICY", POLICY)))));
        // What the function will parse when it starts.
        assertEquals(POLICY, PolicyDocument.parse(POLICY).text());
    }

    @Test
    void withoutTheSettingNoFunctionHasAServicePolicy() {
        Template api = Template.fromStack(Synth.app(Map.of()).api());

        Map<String, Map<String, Object>> functions = api.findResources("AWS::Lambda::Function");
        assertFalse(functions.isEmpty());
        functions.values().forEach(f -> assertFalse(f.toString().contains("SERVICE_POLICY"), f.toString()));
    }

    @Test
    void aMissingOrOversizedFileStopsTheSynth() throws Exception {
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> Synth.app(
                        Map.of("servicePolicyFile", dir.resolve("none.json").toString())));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
        Path large = Files.writeString(dir.resolve("large.json"), " ".repeat(4000) + POLICY);
        IllegalArgumentException tooLarge = assertThrows(
                IllegalArgumentException.class, () -> Synth.app(Map.of("servicePolicyFile", large.toString())));
        assertTrue(tooLarge.getMessage().contains("too large"), tooLarge.getMessage());
    }
}
