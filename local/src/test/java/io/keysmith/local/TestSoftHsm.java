package io.keysmith.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway SoftHSM2 token under the build directory, initialised once per test JVM before any
 * PKCS#11 provider loads the library. SOFTHSM2_CONF and the PIN variable come from the Failsafe
 * configuration, because the library reads them from the process environment.
 */
final class TestSoftHsm {
    static final String LABEL = "keysmith-it";
    static final String PIN_ENV = "KEYSMITH_TEST_PIN";
    static final String KEY_LABEL = "keysmith-it-root";
    private static final List<String> LIBRARIES = List.of("/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so",
            "/opt/homebrew/lib/softhsm/libsofthsm2.so");
    private static Path config;

    private TestSoftHsm() {
    }

    static synchronized Path config() {
        if (config == null) {
            try {
                config = initialise();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot initialise the SoftHSM2 test token", e);
            }
        }
        return config;
    }

    static String library() {
        return LIBRARIES.stream().filter(l -> Files.exists(Path.of(l))).findFirst()
                .orElseThrow(() -> new IllegalStateException("libsofthsm2.so not found: install softhsm2"));
    }

    private static Path initialise() throws IOException, InterruptedException {
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path tokens = conf.getParent().resolve("tokens");
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens.toAbsolutePath() + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        if (!run("softhsm2-util", "--show-slots").contains(LABEL)) {
            run("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", System.getenv(PIN_ENV), "--so-pin", "5678");
        }
        Path sunPkcs11 = conf.getParent().resolve("pkcs11.cfg");
        Files.writeString(sunPkcs11, "name = KeysmithTest\nlibrary = " + library() + "\nslotListIndex = 0\n");
        return sunPkcs11;
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** The runner's root-key flags for this test run: none (DynamoDB), or pkcs11 on the test token. */
    static List<String> rootKeyFlags() {
        return "pkcs11".equals(System.getProperty("keysmith.it.rootKey"))
                ? pkcs11Flags("pkcs11", KEY_LABEL)
                : List.of();
    }

    /** The runner's own flags for the test token, as a user would give them. */
    static List<String> pkcs11Flags(String rootKey, String keyLabel) {
        return List.of("--root-key", rootKey, "--pkcs11-config", config().toString(), "--pkcs11-pin-env", PIN_ENV,
                "--pkcs11-key-label", keyLabel, "--create-root-key");
    }
}
