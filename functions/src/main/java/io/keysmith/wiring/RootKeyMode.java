package io.keysmith.wiring;

import java.util.Arrays;
import java.util.Optional;

/** Where the root key lives: in a DynamoDB table, or in an HSM over PKCS#11 (CloudHSM when deployed). */
public enum RootKeyMode {
    DYNAMODB("dynamodb"),
    PKCS11("pkcs11");

    private final String setting;

    RootKeyMode(String setting) {
        this.setting = setting;
    }

    /** The mode a flag or an environment variable names, as the user writes it. */
    public static Optional<RootKeyMode> named(String setting) {
        return Arrays.stream(values()).filter(m -> m.setting.equals(setting)).findFirst();
    }

    /** The name the user writes: {@code dynamodb} or {@code pkcs11}. */
    @Override
    public String toString() {
        return setting;
    }
}
