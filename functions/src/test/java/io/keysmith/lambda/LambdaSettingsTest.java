package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.wiring.RootKeyMode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings are read from the environment: the root key's mode, and its protection, which is never assumed. */
class LambdaSettingsTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KEYS_TABLE",
                "k",
                "AWS_REGION",
                "eu-west-1",
                "KEYSMITH_ACCOUNT",
                "123456789012",
                "ROOT_KEY_TABLE",
                "r"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void kmsProtectionNeedsItsKey() {
        LambdaSettings kms = LambdaSettings.fromEnvironment(env(
                "ROOT_KEY_PROTECTION", "kms", "ROOT_KEY_KMS_KEY_ARN", "arn:aws:kms:eu-west-1:123456789012:key/abc"));
        assertEquals("kms", kms.rootKeyProtection());
        assertEquals("arn:aws:kms:eu-west-1:123456789012:key/abc", kms.rootKeyKmsKeyArn());
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> LambdaSettings.fromEnvironment(env("ROOT_KEY_PROTECTION", "kms")));
        assertTrue(e.getMessage().contains("ROOT_KEY_KMS_KEY_ARN"), e.getMessage());
    }

    @Test
    void theProtectionIsNeverAssumed() {
        assertThrows(IllegalStateException.class, () -> LambdaSettings.fromEnvironment(env()));
        assertThrows(
                IllegalStateException.class, () -> LambdaSettings.fromEnvironment(env("ROOT_KEY_PROTECTION", "plain")));
        LambdaSettings none = LambdaSettings.fromEnvironment(env("ROOT_KEY_PROTECTION", "none"));
        assertEquals("none", none.rootKeyProtection());
        assertNull(none.rootKeyKmsKeyArn());
    }

    @Test
    void pkcs11SettingsComeFromTheEnvironment() {
        LambdaSettings settings = LambdaSettings.fromEnvironment(env(
                "ROOT_KEY_MODE",
                "pkcs11",
                "PKCS11_LIBRARY",
                "/opt/cloudhsm/lib/libcloudhsm_pkcs11.so",
                "ROOT_KEY_LABEL",
                "keysmith-root",
                "PIN_SECRET_ARN",
                "arn:pin"));
        assertEquals(RootKeyMode.PKCS11, settings.rootKeyMode());
        assertEquals("/opt/cloudhsm/lib/libcloudhsm_pkcs11.so", settings.pkcs11Library());
        assertThrows(IllegalStateException.class, () -> LambdaSettings.fromEnvironment(env("ROOT_KEY_MODE", "pkcs11")));
    }

    @Test
    void theInitStepNeedsOnlyTheRootKeyTableAndItsEnvelope() {
        LambdaSettings init = LambdaSettings.forRootKeyInit(Map.of(
                "AWS_REGION",
                "eu-west-1",
                "ROOT_KEY_TABLE",
                "r",
                "ROOT_KEY_PROTECTION",
                "kms",
                "ROOT_KEY_KMS_KEY_ARN",
                "arn:aws:kms:eu-west-1:123456789012:key/abc"));
        assertEquals("r", init.rootKeyTable());
        assertNull(init.keysTable());
    }
}
