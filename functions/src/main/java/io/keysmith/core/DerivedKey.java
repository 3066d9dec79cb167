package io.keysmith.core;

import java.nio.charset.StandardCharsets;

/**
 * A key derived from the root key for one purpose, named by its label, derived on first use and kept: the first
 * use comes after a SnapStart restore, never during init, and the root key is asked once.
 */
final class DerivedKey {
    private final RootKey rootKey;
    private final byte[] label;
    private volatile SecretBytes key;

    DerivedKey(RootKey rootKey, String label) {
        this.rootKey = rootKey;
        this.label = label.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] reveal() {
        SecretBytes current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = rootKey.derive(label, new byte[0]);
                }
                current = key;
            }
        }
        return current.reveal();
    }
}
