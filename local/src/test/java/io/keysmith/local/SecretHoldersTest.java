package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.SecretBytes;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The local runner's records, like the functions' (see io.keysmith.SecretHoldersTest there): one
 * with a component that can hold a secret must override toString. The scan covers every class
 * compiled from local/src/main, so a new record cannot slip past.
 */
class SecretHoldersTest {
    @Test
    void recordsThatCanHoldASecretOverrideToString() throws Exception {
        Path root = Path.of(LocalRunner.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertTrue(Files.isDirectory(root), "expected a class directory, not " + root);
        List<String> records = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/keysmith"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(
                        name.substring(0, name.length() - 6), false, getClass().getClassLoader());
                if (!type.isRecord()) {
                    continue;
                }
                records.add(type.getName());
                boolean holdsSecret = Stream.of(type.getRecordComponents())
                        .map(RecordComponent::getType)
                        .anyMatch(t -> t == byte[].class
                                || t == char[].class
                                || t == SecretBytes.class
                                || Key.class.isAssignableFrom(t));
                if (holdsSecret
                        && Stream.of(type.getDeclaredMethods())
                                .noneMatch(m -> m.getName().equals("toString") && m.getParameterCount() == 0)) {
                    failures.add(type.getName());
                }
            }
        }
        assertTrue(records.contains(Options.class.getName()), "the scan must see the runner's records: " + records);
        assertEquals(List.of(), failures, "records that can hold a secret but print every component");
    }
}
