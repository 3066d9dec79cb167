package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.Randomness;
import io.keysmith.core.SecretBytes;
import io.keysmith.rootkey.Pkcs11RootKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The PKCS#11 root key on a real SoftHSM2 token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pkcs11RootKeyIT {
    private static final String LABEL = "pkcs11-it-root";
    private Pkcs11RootKey rootKey;
    @TempDir
    Path work;

    @BeforeAll
    void open() {
        rootKey = Pkcs11RootKey.open(settings(TestSoftHsm.config(), System.getenv(TestSoftHsm.PIN_ENV), true),
                new Randomness());
    }

    private static Pkcs11RootKey.Settings settings(Path config, String pin, boolean create) {
        return new Pkcs11RootKey.Settings(config, pin.toCharArray(), LABEL, create);
    }

    @Test
    void createdKeyIsNonExtractableAndSensitive() throws Exception {
        assertNull(rootKey.key().getEncoded());
        String objects = TestSoftHsm.run("pkcs11-tool", "--module", TestSoftHsm.library(), "--token-label",
                TestSoftHsm.LABEL, "--login", "--pin", System.getenv(TestSoftHsm.PIN_ENV), "--list-objects",
                "--type", "secrkey");
        int at = objects.indexOf("label:      " + LABEL);
        assertTrue(at >= 0, objects);
        String access = objects.substring(at).lines().filter(l -> l.trim().startsWith("Access:")).findFirst().orElseThrow();
        assertTrue(access.contains("never extractable"), access);
        assertTrue(access.contains("sensitive"), access);
        assertEquals("pkcs11:" + LABEL, rootKey.id());
    }

    @Test
    void wrapsAndUnwrapsWithTheAadBound() {
        byte[] material = new Randomness().bytes(32);
        byte[] wrapped = rootKey.wrap(new SecretBytes(material.clone()), "aad".getBytes());
        assertArrayEquals(material, rootKey.unwrap(wrapped, "aad".getBytes()).reveal());
        assertThrows(IllegalStateException.class, () -> rootKey.unwrap(wrapped, "other".getBytes()));
        wrapped[wrapped.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> rootKey.unwrap(wrapped, "aad".getBytes()));
    }

    @Test
    void eightThreadsTimesFiveHundredWrapsRunWithoutError() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    Randomness randomness = new Randomness();
                    for (int i = 0; i < 500; i++) {
                        byte[] material = randomness.bytes(32);
                        byte[] aad = ("aad" + i).getBytes();
                        byte[] wrapped = rootKey.wrap(new SecretBytes(material.clone()), aad);
                        if (i % 50 == 0) {
                            assertArrayEquals(material, rootKey.unwrap(wrapped, aad).reveal());
                        }
                    }
                    return 500;
                }));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            assertEquals(4000, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recoversFromALogoutByLoggingInAgain() throws Exception {
        byte[] material = new Randomness().bytes(32);
        byte[] wrapped = rootKey.wrap(new SecretBytes(material.clone()), "aad".getBytes());
        rootKey.logout();
        assertArrayEquals(material, rootKey.unwrap(wrapped, "aad".getBytes()).reveal());
        rootKey.wrap(new SecretBytes(material.clone()), "aad".getBytes());
    }

    /** A wrong PIN needs a process of its own (PKCS#11 login is per process): see Pkcs11StartupIT. */
    @Test
    void missingKeyAndMissingTokenSayWhatIsWrong() throws Exception {
        Pkcs11RootKey.Pkcs11Exception noKey = assertThrows(Pkcs11RootKey.Pkcs11Exception.class,
                () -> Pkcs11RootKey.open(new Pkcs11RootKey.Settings(TestSoftHsm.config(),
                        System.getenv(TestSoftHsm.PIN_ENV).toCharArray(), "no-such-key", false), new Randomness()));
        assertTrue(noKey.getMessage().contains("no key labelled 'no-such-key'"), noKey.getMessage());

        Path noToken = Files.writeString(work.resolve("missing.cfg"),
                "name = Missing\nlibrary = " + TestSoftHsm.library() + "\nslotListIndex = 7\n");
        Pkcs11RootKey.Pkcs11Exception missing = assertThrows(Pkcs11RootKey.Pkcs11Exception.class,
                () -> Pkcs11RootKey.open(settings(noToken, "1234", false), new Randomness()));
        assertTrue(missing.getMessage().startsWith("cannot open the PKCS#11 token configured in " + noToken), missing.getMessage());
    }
}
