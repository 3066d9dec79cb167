package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.model.KmsException;

/** {@code --service-policy}: the document that stands in for IAM, checked at start-up. */
class ServicePolicyIT {
    @TempDir
    Path dir;

    @Test
    void theServicePolicyDecidesKeylessActionsAndTheAccountPrincipal() throws Exception {
        // Given: the account may do anything but GenerateRandom, and nobody may schedule a key's deletion
        Path policy = Files.writeString(dir.resolve("service.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Account", "Effect": "Allow", "Principal": {"AWS": "000000000000"},
                   "Action": "kms:*", "Resource": "*"},
                  {"Sid": "NoRandom", "Effect": "Deny", "Principal": "*", "Action": "kms:GenerateRandom",
                   "Resource": "*"},
                  {"Sid": "KeepKeys", "Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion",
                   "Resource": "*"}]}""");
        try (LocalKeysmith keysmith = LocalKeysmith.inMemory("--service-policy", policy.toString())) {
            // When
            String keyId = keysmith.kms.createKey().keyMetadata().keyId();

            // Then
            assertNotNull(keysmith.kms.listKeys().keys());
            KmsException random = denied(() -> keysmith.kms.generateRandom(r -> r.numberOfBytes(8)));
            assertEquals(
                    "User: arn:aws:iam::000000000000:root is not authorized to perform: kms:GenerateRandom"
                            + " on resource: * with an explicit deny in an identity-based policy",
                    random.awsErrorDetails().errorMessage());
            KmsException deletion = denied(() -> keysmith.kms.scheduleKeyDeletion(r -> r.keyId(keyId)));
            assertTrue(
                    deletion.awsErrorDetails()
                            .errorMessage()
                            .endsWith("with an explicit deny in an identity-based policy"),
                    deletion.awsErrorDetails().errorMessage());
            assertEquals(
                    "Enabled",
                    keysmith.kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyStateAsString());
        }
    }

    @Test
    void aMalformedServicePolicyStopsStartUpWithOneLine() throws Exception {
        Path policy = Files.writeString(dir.resolve("bad.json"), "{\"Statement\": [{\"Effect\": \"Maybe\"}]}");
        try (RunnerOutput bad = new RunnerOutput(
                RunnerProcess.start("--port", "0", "--in-memory", "--service-policy", policy.toString()))) {
            assertEquals(1, bad.awaitExit(), bad.output());
            assertEquals(1, bad.lines.size(), bad.output());
            assertTrue(
                    bad.lines
                            .get(0)
                            .startsWith("keysmith-local: --service-policy " + policy + " is not a valid policy: "),
                    bad.output());
        }
        Path missing = dir.resolve("missing.json");
        try (RunnerOutput bad = new RunnerOutput(
                RunnerProcess.start("--port", "0", "--in-memory", "--service-policy", missing.toString()))) {
            assertEquals(1, bad.awaitExit(), bad.output());
            assertEquals(
                    List.of("keysmith-local: --service-policy " + missing + " cannot be read (NoSuchFileException)"),
                    bad.lines);
        }
    }

    /** AccessDeniedException, which the SDK's model does not name: a KmsException with its code and status. */
    private static KmsException denied(Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(400, e.statusCode());
        return e;
    }
}
