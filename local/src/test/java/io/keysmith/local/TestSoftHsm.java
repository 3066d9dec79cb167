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
    private static final List<String> LIBRARIES = List.of(
            "/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/local/lib/softhsm/libsofthsm2.so",
            "/opt/homebrew/lib/softhsm/libsofthsm2.so");
    private static final List<String> SPY_LIBRARIES = List.of(
            "/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so",
            "/usr/lib/aarch64-linux-gnu/pkcs11/pkcs11-spy.so",
            "/usr/lib/x86_64-linux-gnu/pkcs11-spy.so",
            "/usr/lib/aarch64-linux-gnu/pkcs11-spy.so",
            "/usr/local/lib/pkcs11-spy.so",
            "/opt/homebrew/lib/pkcs11-spy.so");
    private static Path config;

    private TestSoftHsm() {}

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
        return LIBRARIES.stream()
                .filter(l -> Files.exists(Path.of(l)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("libsofthsm2.so not found: install softhsm2"));
    }

    private static Path initialise() throws IOException, InterruptedException {
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path tokens = conf.getParent().resolve("tokens");
        Files.createDirectories(tokens);
        Files.writeString(
                conf,
                "directories.tokendir = " + tokens.toAbsolutePath()
                        + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        if (!run("softhsm2-util", "--show-slots").contains(LABEL)) {
            run(
                    "softhsm2-util",
                    "--init-token",
                    "--free",
                    "--label",
                    LABEL,
                    "--pin",
                    System.getenv(PIN_ENV),
                    "--so-pin",
                    "5678");
        }
        Path sunPkcs11 = conf.getParent().resolve(spying() ? "pkcs11-spy.cfg" : "pkcs11.cfg");
        Files.writeString(
                sunPkcs11,
                "name = KeysmithTest\nlibrary = " + (spying() ? spyLibrary() : library()) + "\nslotListIndex = 0\n");
        return sunPkcs11;
    }

    /**
     * Whether this test run goes through OpenSC's pkcs11-spy, which logs every PKCS#11 call to the file
     * PKCS11SPY_OUTPUT and passes it on to the module PKCS11SPY (both set by the Failsafe execution).
     */
    static boolean spying() {
        return Boolean.getBoolean("keysmith.it.pkcs11Spy");
    }

    /** The spy's log; emptied when the test token is first set up, before any library is loaded. */
    static Path spyLog() {
        String output = System.getenv("PKCS11SPY_OUTPUT");
        if (output == null) {
            throw new IllegalStateException("PKCS11SPY_OUTPUT is not set: run this through the pkcs11-spy execution");
        }
        return Path.of(output);
    }

    private static String spyLibrary() throws IOException {
        String module = System.getenv("PKCS11SPY");
        if (module == null || !Files.exists(Path.of(module))) {
            throw new IllegalStateException("PKCS11SPY names no module (" + module
                    + "): pass -Dkeysmith.softhsm.library=/path/to/libsofthsm2.so");
        }
        Files.deleteIfExists(spyLog());
        return SPY_LIBRARIES.stream()
                .filter(l -> Files.exists(Path.of(l)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("pkcs11-spy.so not found: install opensc"));
    }

    /** A label no earlier run has used: the token under target/ outlives a build. */
    static String freshLabel(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** pkcs11-tool on the test token, logged in. */
    static String pkcs11Tool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                "pkcs11-tool",
                "--module",
                library(),
                "--token-label",
                LABEL,
                "--login",
                "--pin",
                System.getenv(PIN_ENV)));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** pkcs11-tool's description of the secret key labelled {@code label}, from its first line on. */
    static String secretKey(String label) throws IOException, InterruptedException {
        String objects = pkcs11Tool("--list-objects", "--type", "secrkey");
        int labelAt = objects.indexOf("label:      " + label + "\n");
        if (labelAt < 0) {
            throw new AssertionError("no secret key labelled " + label + " in:\n" + objects);
        }
        int start = objects.lastIndexOf("Secret Key Object", labelAt);
        int next = objects.indexOf("Secret Key Object", labelAt);
        return objects.substring(start, next < 0 ? objects.length() : next);
    }

    /** Generates a secret key on the test token with pkcs11-tool, as an operator might. */
    static void generate(String label, String keyType, String... flags) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("--keygen", "--key-type", keyType, "--label", label));
        args.addAll(List.of(flags));
        pkcs11Tool(args.toArray(String[]::new));
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
        return List.of(
                "--root-key",
                rootKey,
                "--pkcs11-config",
                config().toString(),
                "--pkcs11-pin-env",
                PIN_ENV,
                "--pkcs11-key-label",
                keyLabel,
                "--create-root-key");
    }
}
