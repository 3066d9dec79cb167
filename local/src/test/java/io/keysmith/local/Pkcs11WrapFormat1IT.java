package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.core.Randomness;
import io.keysmith.core.RootKey;
import io.keysmith.core.RootKeyMigration;
import io.keysmith.rootkey.Pkcs11RootKey;
import io.keysmith.store.DynamoDbKeyStore;
import io.keysmith.store.DynamoDbLocal;
import io.keysmith.store.GoldenWrap;
import io.keysmith.store.KeysTableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Material wrapped the way the PKCS#11 root key did before wrap format 2 (AES-GCM inside the HSM under
 * an AES key with the root key's label) still opens: the runner finds that AES key beside its HMAC key
 * and keeps it for format 1. A migration upgrades the material, after which the AES key is not needed.
 * Not run through pkcs11-spy: making format-1 material is the in-HSM AES-GCM encryption that Keysmith no
 * longer does.
 */
class Pkcs11WrapFormat1IT {
    /** The attributes the PKCS#11 root key gave the AES keys it generated before format 2. */
    private static final String FORMAT_1_KEY_ATTRIBUTES = """

            attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;

    private static final GoldenWrap GOLDEN = GoldenWrap.format1();

    @RegisterExtension
    final DynamoDbLocal dynamoLocal = DynamoDbLocal.perTest();

    private final DynamoDbClient dynamo = dynamoLocal.client();
    private final Randomness randomness = new Randomness();

    /** What the root key did before format 2: an AES-256 token key labelled {@code label}, and AES-GCM in the HSM. */
    private static byte[] wrapAsFormat1(String label, byte[] material, byte[] aad) throws Exception {
        AuthProvider provider = (AuthProvider) Security.getProvider("SunPKCS11")
                .configure("--" + Files.readString(TestSoftHsm.config()) + FORMAT_1_KEY_ATTRIBUTES);
        KeyStore token = KeyStore.getInstance("PKCS11", provider);
        token.load(null, System.getenv(TestSoftHsm.PIN_ENV).toCharArray());
        KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
        generator.init(256);
        token.setEntry(label, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
        SecretKey key = (SecretKey) token.getKey(label, null);
        byte[] iv = new Randomness().bytes(12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(material);
        byte[] out = Arrays.copyOf(iv, iv.length + sealed.length);
        System.arraycopy(sealed, 0, out, iv.length, sealed.length);
        return out;
    }

    private String decrypt(RootKey rootKey) {
        return GOLDEN.decrypt(dynamo, "keys", rootKey, randomness);
    }

    @Test
    void materialWrappedInTheHsmBeforeFormat2StillOpens() throws Exception {
        String label = TestSoftHsm.freshLabel("format-1");
        byte[] aad =
                ("keysmith/v1/material" + GOLDEN.keyId() + GOLDEN.materialId()).getBytes(StandardCharsets.US_ASCII);
        byte[] wrapped = wrapAsFormat1(label, GOLDEN.materialPlaintext(), aad);
        dynamo.createTable(KeysTableSchema.keysTable("keys"));
        GOLDEN.putKey(dynamo, "keys", "pkcs11:" + label, wrapped);
        // an item from before the listing indexes: indexed as the runner's start and the upkeep function do
        assertEquals(1, io.keysmith.store.KeysTableUpgrade.backfill(dynamo, "keys"));
        assertNull(GOLDEN.materialItem(dynamo, "keys").get("WrapFormat"));

        // the upgraded runner: --create-root-key adds the HMAC key beside the old AES key
        Pkcs11RootKey.Settings settings = new Pkcs11RootKey.Settings(
                TestSoftHsm.config(), System.getenv(TestSoftHsm.PIN_ENV).toCharArray(), label, true);
        Pkcs11RootKey rootKey = Pkcs11RootKey.open(settings);
        assertEquals(GOLDEN.plaintext(), decrypt(rootKey));

        List<String> progress = new ArrayList<>();
        RootKeyMigration.Result upgraded = new RootKeyMigration(
                        new DynamoDbKeyStore(dynamo, "keys"), null, rootKey, randomness)
                .run(progress::add);
        assertEquals(new RootKeyMigration.Result(1, 1, 0, 1), upgraded, String.join("\n", progress));
        assertEquals("2", GOLDEN.materialItem(dynamo, "keys").get("WrapFormat").n());
        assertEquals(GOLDEN.plaintext(), decrypt(rootKey));

        // once upgraded, the material no longer needs the AES key
        TestSoftHsm.pkcs11Tool("--delete-object", "--type", "secrkey", "--label", label);
        Pkcs11RootKey hmacOnly = Pkcs11RootKey.open(new Pkcs11RootKey.Settings(
                TestSoftHsm.config(), System.getenv(TestSoftHsm.PIN_ENV).toCharArray(), label, false));
        assertEquals(GOLDEN.plaintext(), decrypt(hmacOnly));
        assertTrue(TestSoftHsm.pkcs11Tool("--list-objects", "--type", "secrkey").contains(label + "-hmac"));
    }
}
