package io.keysmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.api.KmsApi;
import io.keysmith.core.DataKey;
import io.keysmith.core.DataKeyPair;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.Decrypted;
import io.keysmith.core.KeyMaterial;
import io.keysmith.core.SecretBytes;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * No toString prints a secret. Every record in io.keysmith with a component that can hold one
 * (byte[], char[], SecretBytes, a java.security.Key) must override toString, and, built with a
 * recognisable secret in each such component, must not show it as text, hex or base64. The records
 * are found by scanning the compiled classes, so a new one cannot slip past.
 */
class SecretHoldersTest {
    private static final byte[] SECRET = "KEYSMITH-SECRET-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final char[] PIN = "KEYSMITH-PIN-98765".toCharArray();

    @Test
    void everyRecordThatCanHoldASecretOverridesToStringAndRedacts() throws Exception {
        List<Class<?>> holders = secretHolders(mainClasses());
        // The scan must find what is known to be there, or it proves nothing.
        for (Class<?> known : List.of(
                DataKeyPair.class,
                DataKey.class,
                Decrypted.class,
                KeyMaterial.class,
                DataKeyPairSpec.GeneratedKeyPair.class)) {
            assertTrue(holders.contains(known), known + " not found by the scan: " + holders);
        }
        List<String> failures = new ArrayList<>();
        for (Class<?> holder : holders) {
            if (!declaresToString(holder)) {
                failures.add(holder.getName() + " does not override toString");
                continue;
            }
            String shown = build(holder).toString();
            for (String form : secretForms()) {
                if (shown.contains(form)) {
                    failures.add(holder.getName() + ".toString() shows the secret: " + shown);
                    break;
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aRealDataKeyPairDoesNotShowItsPrivateKey() {
        DataKeyPairSpec.GeneratedKeyPair generated =
                DataKeyPairSpec.ECC_NIST_P256.generate(new java.security.SecureRandom());
        byte[] privateKey = generated.privateKey().reveal();
        DataKeyPair pair = new DataKeyPair(
                "arn",
                DataKeyPairSpec.ECC_NIST_P256,
                generated.publicKey(),
                generated.privateKey(),
                new byte[0],
                "m",
                null);
        for (String shown : List.of(pair.toString(), generated.toString())) {
            assertFalse(shown.contains(
                    HexFormat.of().formatHex(privateKey, privateKey.length - 32, privateKey.length - 16)));
            assertFalse(shown.contains(
                    Base64.getEncoder().encodeToString(privateKey).substring(0, 40)));
        }
    }

    private static List<String> secretForms() {
        List<String> forms = new ArrayList<>();
        forms.add(new String(SECRET, StandardCharsets.US_ASCII).substring(0, 12));
        forms.add(HexFormat.of().formatHex(SECRET, 0, 8));
        forms.add(HexFormat.of().withUpperCase().formatHex(SECRET, 0, 8));
        forms.add(Base64.getEncoder().encodeToString(SECRET).substring(0, 16));
        forms.add(Base64.getUrlEncoder().encodeToString(SECRET).substring(0, 16));
        forms.add(new String(PIN).substring(0, 12));
        return forms;
    }

    private static boolean canHoldSecret(Class<?> type) {
        return type == byte[].class
                || type == char[].class
                || type == SecretBytes.class
                || Key.class.isAssignableFrom(type);
    }

    private static boolean declaresToString(Class<?> type) {
        try {
            type.getDeclaredMethod("toString");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static List<Class<?>> secretHolders(List<Class<?>> classes) {
        return classes.stream()
                .filter(Class::isRecord)
                .filter(c -> Stream.of(c.getRecordComponents())
                        .map(RecordComponent::getType)
                        .anyMatch(SecretHoldersTest::canHoldSecret))
                .toList();
    }

    /** An instance with the secret in every component that can hold one, and plain values elsewhere. */
    private static Object build(Class<?> record) throws Exception {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            values[i] = sample(types[i]);
        }
        Constructor<?> constructor = record.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    private static Object sample(Class<?> type) {
        if (type == byte[].class) {
            return SECRET.clone();
        }
        if (type == char[].class) {
            return PIN.clone();
        }
        if (type == SecretBytes.class) {
            return new SecretBytes(SECRET.clone());
        }
        if (Key.class.isAssignableFrom(type)) {
            return new SecretKeySpec(SECRET.clone(), "AES");
        }
        if (type == String.class) {
            return "name";
        }
        if (type == io.keysmith.core.Caller.class) {
            return io.keysmith.core.Caller.accountRoot("111122223333", "127.0.0.1", false); // it checks its ARN
        }
        if (type == UUID.class) {
            return new UUID(1, 2);
        }
        if (type == Instant.class) {
            return Instant.EPOCH;
        }
        if (type == Path.class) {
            return Path.of("file");
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == java.util.Map.class) {
            return java.util.Map.of();
        }
        if (type == java.util.Set.class) {
            return java.util.Set.of();
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type.isRecord()) {
            try {
                return build(type);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    /** Every class compiled from functions/src/main, found where KmsApi was loaded from. */
    private static List<Class<?>> mainClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(
                KmsApi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(root), "expected a class directory, not " + root);
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/keysmith"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), ".");
                classes.add(Class.forName(
                        name.substring(0, name.length() - ".class".length()),
                        false,
                        SecretHoldersTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
