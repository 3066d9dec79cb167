package io.keysmith.lambda;

import io.keysmith.wiring.RootKeyMode;
import java.util.Map;

/**
 * The Lambda's configuration, read once from its environment at the entry point.
 *
 * @param rootKeyMode       {@code dynamodb} or {@code pkcs11} (CloudHSM)
 * @param rootKeyTable      the root-key table, in dynamodb mode
 * @param pkcs11Library     the PKCS#11 library from the CloudHSM layer, in pkcs11 mode
 * @param rootKeyLabel      the root key's label on the HSM, in pkcs11 mode
 * @param pinSecretArn      the Secrets Manager secret holding the HSM user's PIN, in pkcs11 mode
 * @param rootKeyProtection {@code kms} or {@code none}: the envelope of the root-key item, in dynamodb mode
 * @param rootKeyKmsKeyArn  the customer-managed AWS KMS key of the envelope, with {@code kms}
 */
record LambdaSettings(
        String keysTable,
        String region,
        String account,
        RootKeyMode rootKeyMode,
        String rootKeyTable,
        String pkcs11Library,
        String rootKeyLabel,
        String pinSecretArn,
        String rootKeyProtection,
        String rootKeyKmsKeyArn) {

    /** DynamoDB mode with today's plain layout. */
    static LambdaSettings dynamodb(String keysTable, String rootKeyTable, String region, String account) {
        return new LambdaSettings(
                keysTable, region, account, RootKeyMode.DYNAMODB, rootKeyTable, null, null, null, "none", null);
    }

    static LambdaSettings fromEnvironment(Map<String, String> env) {
        String mode = env.getOrDefault("ROOT_KEY_MODE", RootKeyMode.DYNAMODB.toString());
        String keysTable = required(env, "KEYS_TABLE");
        String region = required(env, "AWS_REGION");
        String account = required(env, "KEYSMITH_ACCOUNT");
        RootKeyMode rootKeyMode = RootKeyMode.named(mode)
                .orElseThrow(() -> new IllegalStateException("ROOT_KEY_MODE must be dynamodb or pkcs11, not " + mode));
        return switch (rootKeyMode) {
            case DYNAMODB -> dynamodb(keysTable, region, account, env);
            case PKCS11 ->
                new LambdaSettings(
                        keysTable,
                        region,
                        account,
                        rootKeyMode,
                        null,
                        required(env, "PKCS11_LIBRARY"),
                        required(env, "ROOT_KEY_LABEL"),
                        required(env, "PIN_SECRET_ARN"),
                        null,
                        null);
        };
    }

    /** The init custom resource's settings: only the root-key table and its envelope. */
    static LambdaSettings forRootKeyInit(Map<String, String> env) {
        return dynamodb(null, required(env, "AWS_REGION"), null, env);
    }

    /** The protection is never assumed: a function that is not told how the item is sealed does not start. */
    private static LambdaSettings dynamodb(String keysTable, String region, String account, Map<String, String> env) {
        String protection = required(env, "ROOT_KEY_PROTECTION");
        String kmsKey = switch (protection) {
            case "kms" -> required(env, "ROOT_KEY_KMS_KEY_ARN");
            case "none" -> null;
            default -> throw new IllegalStateException("ROOT_KEY_PROTECTION must be kms or none, not " + protection);
        };
        return new LambdaSettings(
                keysTable,
                region,
                account,
                RootKeyMode.DYNAMODB,
                required(env, "ROOT_KEY_TABLE"),
                null,
                null,
                null,
                protection,
                kmsKey);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
