package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong PIN, a missing token, or a root key that fails the start-up checks stops the runner at
 * start-up, with a one-line message that says so, and exit code 1.
 */
class Pkcs11StartupIT {
    @TempDir
    Path work;

    /** The runner's arguments for an in-memory start on the PKCS#11 root key {@code label}, made if it is missing. */
    private static String[] pkcs11Start(Path config, String pinEnv, String label) {
        return new String[] {
            "--in-memory",
            "--port",
            "0",
            "--root-key",
            "pkcs11",
            "--pkcs11-config",
            config.toString(),
            "--pkcs11-pin-env",
            pinEnv,
            "--pkcs11-key-label",
            label,
            "--create-root-key"
        };
    }

    private String failedStart(String pinEnv, Path config) throws Exception {
        return failedStart(pinEnv, config, TestSoftHsm.KEY_LABEL);
    }

    private String failedStart(String pinEnv, Path config, String label) throws Exception {
        Process runner = RunnerProcess.start(pkcs11Start(config, pinEnv, label));
        assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner did not stop");
        String output = new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, runner.exitValue(), output);
        assertTrue(!output.contains("Keysmith listening"), output);
        assertTrue(!output.contains("\tat "), "a stack trace instead of a message: " + output);
        return output;
    }

    @Test
    void wrongPin() throws Exception {
        String output = failedStart("KEYSMITH_TEST_WRONG_PIN", TestSoftHsm.config());
        assertTrue(output.contains("keysmith-local: login to the PKCS#11 token failed: the PIN was refused"), output);
    }

    @Test
    void missingToken() throws Exception {
        TestSoftHsm.config();
        Path config = Files.writeString(
                work.resolve("missing.cfg"),
                "name = Missing\nlibrary = " + TestSoftHsm.library() + "\nslotListIndex = 7\n");
        String output = failedStart(TestSoftHsm.PIN_ENV, config);
        assertTrue(output.contains("keysmith-local: cannot open the PKCS#11 token configured in " + config), output);
    }

    @Test
    void rootKeyThatFailsTheStartUpChecks() throws Exception {
        String label = TestSoftHsm.freshLabel("extractable");
        TestSoftHsm.generate(label + "-hmac", "GENERIC:32", "--sensitive", "--extractable");
        String output = failedStart(TestSoftHsm.PIN_ENV, TestSoftHsm.config(), label);
        String message = output.lines()
                .filter(l -> l.startsWith("keysmith-local: "))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "keysmith-local: the PKCS#11 key '" + label + "-hmac' fails the start-up checks: "
                        + "CKA_EXTRACTABLE is true, must be false",
                message,
                output);
    }

    /**
     * The start-up checks need the JDK's PKCS#11 wrapper exported; the shipped jar's manifest does that
     * ({@code Add-Exports}), so a plain {@code java -jar} starts in pkcs11 mode.
     */
    @Test
    void theShippedJarStartsInPkcs11ModeWithoutExtraJvmOptions() throws Exception {
        // Given/When: the packaged jar, started with plain java -jar in PKCS#11 mode
        Process runner =
                RunnerProcess.start(pkcs11Start(TestSoftHsm.config(), TestSoftHsm.PIN_ENV, TestSoftHsm.KEY_LABEL));
        // Then: it comes up listening
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("Keysmith listening")) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null, "the jar did not start: " + seen);
        } finally {
            runner.destroy();
            runner.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void unsetPinVariable() throws Exception {
        String output = failedStart("KEYSMITH_NO_SUCH_VARIABLE", TestSoftHsm.config());
        assertTrue(output.contains("KEYSMITH_NO_SUCH_VARIABLE named by --pkcs11-pin-env is not set"), output);
    }
}
