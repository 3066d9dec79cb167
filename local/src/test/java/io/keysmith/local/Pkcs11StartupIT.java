package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong PIN or a missing token stops the runner at start-up, with a message that says so. */
class Pkcs11StartupIT {
    @TempDir
    Path work;

    private String failedStart(String pinEnv, Path config) throws Exception {
        Process runner = RunnerProcess.start("--in-memory", "--port", "0", "--root-key", "pkcs11",
                "--pkcs11-config", config.toString(), "--pkcs11-pin-env", pinEnv,
                "--pkcs11-key-label", TestSoftHsm.KEY_LABEL, "--create-root-key");
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
        Path config = Files.writeString(work.resolve("missing.cfg"),
                "name = Missing\nlibrary = " + TestSoftHsm.library() + "\nslotListIndex = 7\n");
        String output = failedStart(TestSoftHsm.PIN_ENV, config);
        assertTrue(output.contains("keysmith-local: cannot open the PKCS#11 token configured in " + config), output);
    }

    @Test
    void unsetPinVariable() throws Exception {
        String output = failedStart("KEYSMITH_NO_SUCH_VARIABLE", TestSoftHsm.config());
        assertTrue(output.contains("KEYSMITH_NO_SUCH_VARIABLE named by --pkcs11-pin-env is not set"), output);
    }
}
