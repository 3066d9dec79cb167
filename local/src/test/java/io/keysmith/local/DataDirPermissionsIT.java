package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/** The data dir is 0700 and its files 0600, even for a runner started under umask 000. */
class DataDirPermissionsIT {
    @TempDir
    Path parent;

    private static Process underUmask000(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000; exec \"$@\"", "sh"));
        command.addAll(RunnerProcess.builder(args).command());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void assertOwnerOnly(Path dir) throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals("keysmith.db")), files.toString());
        for (Path file : files) {
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @Test
    void dataDirAndFilesAreOwnerOnlyAfterStartAndAfterWrites() throws Exception {
        Path dataDir = parent.resolve("data");
        try (RunnerOutput runner = new RunnerOutput(underUmask000("--port", "0", "--data-dir", dataDir.toString()))) {
            int port = runner.awaitListening();
            assertTrue(port > 0, runner.output());
            assertOwnerOnly(dataDir);
            KmsClient kms = runner.kms(port);
            for (int i = 0; i < 5; i++) {
                String keyId = kms.createKey(r -> {}).keyMetadata().keyId();
                kms.createAlias(
                        r -> r.aliasName("alias/perm-" + System.nanoTime()).targetKeyId(keyId));
                kms.generateDataKey(r -> r.keyId(keyId).keySpec("AES_256"));
                assertOwnerOnly(dataDir);
            }
        }
        assertOwnerOnly(dataDir);
    }

    @Test
    void anExistingDataDirIsTightenedAtStart() throws Exception {
        Path dataDir = parent.resolve("loose");
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (RunnerOutput first = new RunnerOutput(underUmask000("--port", "0", "--data-dir", dataDir.toString()))) {
            assertTrue(first.awaitListening() > 0, first.output());
        }
        Files.setPosixFilePermissions(dataDir.resolve("keysmith.db"), PosixFilePermissions.fromString("rw-rw-rw-"));
        try (RunnerOutput second = new RunnerOutput(underUmask000("--port", "0", "--data-dir", dataDir.toString()))) {
            assertTrue(second.awaitListening() > 0, second.output());
            assertOwnerOnly(dataDir);
        }
    }
}
