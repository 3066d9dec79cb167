package io.keysmith.local.alibaba;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * {@code alibaba-client-key --data-dir DIR --arn ARN --password PW --out FILE}: makes a ClientKey file for the
 * Alibaba SDK and registers its public key for the principal ARN; {@code alibaba-client-key --data-dir DIR --revoke
 * KEYID} revokes one. It touches only {@code DIR/alibaba/}, so it may run while the runner serves.
 */
public final class AlibabaClientKeyCommand {
    public static final String NAME = "alibaba-client-key";
    public static final String USAGE = """
            Usage: scripts/keysmith alibaba-client-key --data-dir DIR --arn ARN --password PW --out FILE
                   scripts/keysmith alibaba-client-key --data-dir DIR --revoke KEYID
            """;

    private AlibabaClientKeyCommand() {}

    /** Runs the command on {@code args} (after its name); returns the line to print. */
    public static String run(String[] args) throws IOException {
        Path dataDir = Path.of(".keysmith");
        String arn = null;
        String password = null;
        Path out = null;
        String revoke = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, flag));
                case "--arn" -> arn = value(args, ++i, flag);
                case "--password" -> password = value(args, ++i, flag);
                case "--out" -> out = Path.of(value(args, ++i, flag));
                case "--revoke" -> revoke = value(args, ++i, flag);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        ClientKeys keys = new ClientKeys(dataDir.resolve(AlibabaListener.DIRECTORY));
        if (revoke != null) {
            if (arn != null || password != null || out != null) {
                throw new IllegalArgumentException("--revoke goes alone, with --data-dir");
            }
            if (!keys.revoke(revoke)) {
                throw new IllegalArgumentException("no client key " + revoke + " in " + dataDir);
            }
            return NAME + ": revoked " + revoke;
        }
        if (arn == null || password == null || out == null) {
            throw new IllegalArgumentException(NAME + " needs --arn, --password and --out (or --revoke KEYID)");
        }
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " already exists");
        }
        ClientKeys.ClientKeyFile file = keys.create(arn, password.toCharArray(), new SecureRandom());
        try {
            Files.write(out, file.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (out.toAbsolutePath()
                    .getFileSystem()
                    .supportedFileAttributeViews()
                    .contains("posix")) {
                Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (FileAlreadyExistsException e) {
            keys.revoke(file.keyId());
            throw new IllegalArgumentException("--out " + out + " already exists");
        }
        return NAME + ": " + file.keyId() + " acts as " + arn + "; ClientKey file " + out;
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }
}
