package io.keysmith.lambda;

import java.util.Map;

/** The Lambda's configuration, read once from its environment at the entry point. */
record LambdaSettings(String keysTable, String rootKeyTable, String region, String account) {

    static LambdaSettings fromEnvironment(Map<String, String> env) {
        return new LambdaSettings(required(env, "KEYS_TABLE"), required(env, "ROOT_KEY_TABLE"),
                required(env, "AWS_REGION"), required(env, "KEYSMITH_ACCOUNT"));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
