package io.keysmith.core;

import java.util.function.Consumer;

/**
 * Moves every key's material from one root key to another by unwrapping and rewrapping it. Each
 * material is replaced on the condition that it is still wrapped by the old root key, and material
 * already under the new one is skipped, so a migration stopped at any point finishes when run
 * again. At every moment each material is wrapped by one of the two keys, so keep both configured
 * until it completes.
 */
public final class RootKeyMigration {
    private final KeyStore keys;
    private final RootKey from;
    private final RootKey to;

    public RootKeyMigration(KeyStore keys, RootKey from, RootKey to) {
        this.keys = keys;
        this.from = from;
        this.to = to;
    }

    /** What a run did. */
    public record Result(int keys, int rewrapped, int alreadyMoved) {
    }

    public Result run(Consumer<String> progress) {
        int keyCount = 0;
        int rewrapped = 0;
        int alreadyMoved = 0;
        String after = null;
        do {
            Page<KeyRecord> page = keys.list(100, after);
            for (KeyRecord key : page.items()) {
                keyCount++;
                for (WrappedMaterial material : keys.materials(key.keyId())) {
                    if (material.rootKeyId().equals(to.id())) {
                        alreadyMoved++;
                    } else if (material.rootKeyId().equals(from.id())) {
                        if (rewrap(material)) {
                            rewrapped++;
                            progress.accept("rewrapped " + rewrapped + ": key " + key.keyId() + " material " + material.materialId());
                        } else {
                            alreadyMoved++;
                        }
                    } else {
                        throw new IllegalStateException("material " + material.materialId() + " of key " + key.keyId()
                                + " is wrapped by " + material.rootKeyId() + ", neither " + from.id() + " nor " + to.id());
                    }
                }
            }
            after = page.nextMarker();
        } while (after != null);
        Result result = new Result(keyCount, rewrapped, alreadyMoved);
        progress.accept("done: " + result.keys() + " keys, " + result.rewrapped() + " materials rewrapped, "
                + result.alreadyMoved() + " already under " + to.id());
        return result;
    }

    private boolean rewrap(WrappedMaterial material) {
        byte[] aad = MaterialVault.aad(material.keyId(), material.materialId());
        try (SecretBytes secret = from.unwrap(material.wrapped(), aad)) {
            return keys.rewrap(material.rewrapped(to.wrap(secret, aad), to.id()), from.id());
        }
    }
}
