package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.CorruptingRootKey;
import io.keysmith.core.RootKeyMigration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/**
 * Moves a deployment from the DynamoDB root key to the HSM one: a dry run first, which writes nothing;
 * then kills the migration process midway, shows that every blob still decrypts in that half-moved
 * state, reruns it to the end, and shows that every blob decrypts with the HSM root key; then moves it
 * back. And a migration whose new wraps are corrupt stops before it writes one.
 */
class RootKeyMigrationIT {
    private static final int KEYS = 150;
    /** Fresh for each run, so that the dry run can show it creates no key on the (lasting) test token. */
    private final String label = TestSoftHsm.freshLabel("migration-it-root");

    @TempDir
    Path dataDir;

    private LocalKeysmith runner(String rootKey, String... more) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        flags.addAll(TestSoftHsm.pkcs11Flags(rootKey, label));
        flags.addAll(List.of(more));
        return LocalKeysmith.withFlags(flags.toArray(String[]::new));
    }

    private String[] migrateArgs(String to, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "migrate-root-key",
                "--to",
                to,
                "--data-dir",
                dataDir.toString(),
                "--pkcs11-config",
                TestSoftHsm.config().toString(),
                "--pkcs11-pin-env",
                TestSoftHsm.PIN_ENV,
                "--pkcs11-key-label",
                label,
                "--create-root-key"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void assertAllDecrypt(LocalKeysmith keysmith, List<GenerateDataKeyPairResponse> pairs) {
        for (GenerateDataKeyPairResponse pair : pairs) {
            assertArrayEquals(
                    pair.privateKeyPlaintext().asByteArray(),
                    keysmith.kms
                            .decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()))
                            .plaintext()
                            .asByteArray());
        }
    }

    private static String runToEnd(Process migration) throws Exception {
        String output = new String(migration.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(migration.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, migration.exitValue(), output);
        return output;
    }

    @Test
    void interruptedMigrationResumesAndNoBlobIsLost() throws Exception {
        // Given: keys under the DynamoDB root key, every tenth rotated and with data key pairs
        List<GenerateDataKeyPairResponse> pairs = new ArrayList<>();
        try (LocalKeysmith dynamo = runner("dynamodb")) {
            for (int i = 0; i < KEYS; i++) {
                String keyId = dynamo.kms.createKey(r -> {}).keyMetadata().keyId();
                if (i % 10 == 0) {
                    dynamo.kms.rotateKeyOnDemand(r -> r.keyId(keyId));
                    pairs.add(dynamo.kms.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec("ECC_NIST_P256")));
                }
            }
            pairs.add(dynamo.kms.generateDataKeyPair(
                    r -> r.keyId(pairs.get(0).keyId()).keyPairSpec("SM2")));
        }

        // When: a dry run
        String dryRun = runToEnd(RunnerProcess.start(migrateArgs("pkcs11", "--dry-run")));
        // Then: it lists every material it would rewrap, and writes nothing
        int materials = KEYS + KEYS / 10;
        assertEquals(
                materials,
                dryRun.lines().filter(l -> l.startsWith("would rewrap ")).count(),
                dryRun);
        assertTrue(
                dryRun.contains(
                        "dry run: " + KEYS + " keys, " + materials + " materials would be rewrapped, 0 already under "
                                + "pkcs11:" + label + " in wrap format 2; nothing was written"),
                dryRun);
        assertTrue(
                !TestSoftHsm.pkcs11Tool("--list-objects", "--type", "secrkey").contains(label),
                "the dry run created no key on the token");

        // When: a migration is killed after 20 rewraps
        Process first = RunnerProcess.start(migrateArgs("pkcs11"));
        BufferedReader progress =
                new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = progress.readLine();
        } while (line != null && !line.startsWith("rewrapped 20:"));
        assertTrue(line != null, "the migration ended before it could be interrupted");
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        // Then: half moved, the HSM runner still opens material the DynamoDB root key wraps when it is told to.
        try (LocalKeysmith halfway = runner("pkcs11", "--earlier-root-key", "dynamodb")) {
            assertAllDecrypt(halfway, pairs);
        }
        // Not told, it fails closed on such material: a root-key item in the table is never trusted by default.
        LocalKeysmith untold = runner("pkcs11");
        long refused = pairs.stream()
                .filter(pair -> {
                    try {
                        untold.kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()));
                        return false;
                    } catch (KmsInternalException e) {
                        return e.statusCode() == 500;
                    }
                })
                .count();
        untold.close(true);
        assertTrue(refused > 0, "a pkcs11 runner opened material under the DynamoDB root key without being told to");

        // When: the migration is run again
        String output = runToEnd(RunnerProcess.start(migrateArgs("pkcs11")));
        String done = output.lines()
                .filter(l -> l.startsWith("done:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(output));
        // Then: it finishes, moving what the first run left
        assertTrue(done.contains(KEYS + " keys"), done);
        assertTrue(!done.contains(" 0 already under"), "the rerun should find material the first run moved: " + done);
        assertTrue(done.endsWith(", " + materials + " materials verified"), done);

        // When: a third run
        String third = runToEnd(RunnerProcess.start(migrateArgs("pkcs11")));
        // Then: it finds every material already under the HSM root key: nothing depends on the DynamoDB one
        assertTrue(
                third.contains("done: " + KEYS + " keys, 0 materials rewrapped, " + materials + " already under pkcs11:"
                        + label + ", " + materials + " materials verified"),
                third);
        try (LocalKeysmith hsm = runner("pkcs11")) {
            assertAllDecrypt(hsm, pairs);
        }

        // When: the materials are migrated back to the DynamoDB root key
        String back = runToEnd(RunnerProcess.start(migrateArgs("dynamodb")));
        // Then: every one moves, and still decrypts
        assertTrue(back.lines().anyMatch(l -> l.startsWith("done:") && l.contains(" 0 already under")), back);
        try (LocalKeysmith dynamo = runner("dynamodb")) {
            assertAllDecrypt(dynamo, pairs);
        }
    }

    @Test
    void aMigrationWhoseNewWrapsAreCorruptStopsAndEveryBlobStillDecrypts() throws Exception {
        List<GenerateDataKeyPairResponse> pairs = new ArrayList<>();
        try (LocalKeysmith dynamo = runner("dynamodb")) {
            for (int i = 0; i < 5; i++) {
                String keyId = dynamo.kms.createKey(r -> {}).keyMetadata().keyId();
                pairs.add(dynamo.kms.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec("ECC_NIST_P256")));
            }
        }
        RootKeyMigration.MigrationException stopped = assertThrows(
                RootKeyMigration.MigrationException.class,
                () -> RootKeyCommands.migrate(Options.parse(migrateArgs("pkcs11")), CorruptingRootKey::of));
        assertTrue(
                stopped.getMessage().contains("does not open to the same material. Nothing was written for it"),
                stopped.getMessage());

        try (LocalKeysmith dynamo = runner("dynamodb")) {
            assertAllDecrypt(dynamo, pairs);
        }
        // the run left the store as it was, so a sound run afterwards moves everything
        RootKeyMigration.Result sound = RootKeyCommands.migrate(Options.parse(migrateArgs("pkcs11")));
        assertEquals(new RootKeyMigration.Result(5, 5, 0, 5), sound);
        try (LocalKeysmith hsm = runner("pkcs11")) {
            assertAllDecrypt(hsm, pairs);
        }
    }
}
