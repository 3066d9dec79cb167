package io.keysmith.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data dir holds the root key (plain, without an envelope) beside the keys, so only its owner
 * may enter it (0700) or read its files (0600), whatever the umask. The database file is created
 * 0600 before DynamoDB Local opens it: SQLite gives its journal files the database file's mode.
 */
final class DataDir {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDir() {}

    /** Creates the directory and the empty database file, owner-only; returns the database file. */
    static Path prepare(Path dir, String databaseFile) throws IOException {
        Files.createDirectories(dir);
        Path database = dir.resolve(databaseFile);
        if (!posix(dir)) {
            return database;
        }
        Files.setPosixFilePermissions(dir, DIRECTORY);
        try {
            Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException kept) {
            // from an earlier run; restrict() fixes its mode
        }
        restrict(dir);
        return database;
    }

    /** The directory 0700 and every file in it 0600; run again after DynamoDB Local has written its files. */
    static void restrict(Path dir) throws IOException {
        if (!posix(dir)) {
            return;
        }
        Files.setPosixFilePermissions(dir, DIRECTORY);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
