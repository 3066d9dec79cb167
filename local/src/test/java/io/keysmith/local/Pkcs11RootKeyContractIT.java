package io.keysmith.local;

import io.keysmith.core.RootKey;
import io.keysmith.core.RootKeyContract;
import io.keysmith.rootkey.Pkcs11RootKey;

/**
 * The root key contract on {@link Pkcs11RootKey} with a SoftHSM2 token: the HMAC key is made once per run,
 * under a label no earlier run has used, and every {@link #reopened()} opens the token again.
 */
class Pkcs11RootKeyContractIT extends RootKeyContract {
    private static final String LABEL = TestSoftHsm.freshLabel("contract");
    private static final String OTHER_LABEL = TestSoftHsm.freshLabel("contract-other");
    private static RootKey rootKey;
    private static RootKey other;

    private static Pkcs11RootKey open(String label, boolean create) {
        return Pkcs11RootKey.open(new Pkcs11RootKey.Settings(
                TestSoftHsm.config(), System.getenv(TestSoftHsm.PIN_ENV).toCharArray(), label, create));
    }

    @Override
    protected synchronized RootKey rootKey() {
        if (rootKey == null) {
            rootKey = open(LABEL, true);
        }
        return rootKey;
    }

    @Override
    protected RootKey reopened() {
        rootKey();
        return open(LABEL, false);
    }

    @Override
    protected synchronized RootKey another() {
        if (other == null) {
            other = open(OTHER_LABEL, true);
        }
        return other;
    }
}
