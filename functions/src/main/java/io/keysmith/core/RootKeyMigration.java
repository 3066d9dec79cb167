package io.keysmith.core;

import java.security.MessageDigest;
import java.util.function.Consumer;

/**
 * Moves every key's material to the root key {@code to} in the current wrap format: material under
 * {@code from} is unwrapped and wrapped again under {@code to}, and material already under {@code to}
 * in an older wrap format is upgraded in place.
 *
 * <p>No step can lose a material:
 * <ul>
 *   <li>before each write, the new wrap is opened with {@code to} and compared, in constant time,
 *       with the material it must hold; a mismatch stops the run before anything is written for it;</li>
 *   <li>each write is conditional on the store still holding exactly the wrap that was read, so a
 *       run stopped at any point, or two runs at once, leave every material wrapped by one of the two
 *       keys, and a rerun finishes the job;</li>
 *   <li>after the run, a verification pass opens every material with {@code to}.</li>
 * </ul>
 * Keep both root keys configured until a run ends with its verification.
 */
public final class RootKeyMigration {
    private final KeyStore keys;
    private final RootKey from;
    private final RootKey to;
    private final Randomness randomness;

    /**
     * @param from the root key to move away from, or null when there is none and only the wrap
     *             format of material under {@code to} is upgraded
     */
    public RootKeyMigration(KeyStore keys, RootKey from, RootKey to, Randomness randomness) {
        this.keys = keys;
        this.from = from;
        this.to = to;
        this.randomness = randomness;
    }

    /** What a run did, or with a dry run what it would do; {@code verified} is 0 for a dry run. */
    public record Result(int keys, int rewrapped, int alreadyMoved, int verified) {}

    /** A run stopped so that no material is lost; the message says where and why. */
    public static final class MigrationException extends IllegalStateException {
        MigrationException(String message) {
            super(message);
        }
    }

    /** Rewraps what needs it, verifies everything, and reports each step to {@code progress}. */
    public Result run(Consumer<String> progress) {
        Counts counts = walk(progress, false);
        int verified = verify();
        Result result = new Result(counts.keys, counts.rewrapped, counts.alreadyMoved, verified);
        progress.accept("done: " + result.keys() + " keys, " + result.rewrapped() + " materials rewrapped, "
                + result.alreadyMoved() + " already under " + to.id() + ", " + result.verified()
                + " materials verified");
        return result;
    }

    /** Says what {@link #run} would change, after checking that each material to move opens; writes nothing. */
    public Result dryRun(Consumer<String> progress) {
        Counts counts = walk(progress, true);
        Result result = new Result(counts.keys, counts.rewrapped, counts.alreadyMoved, 0);
        progress.accept("dry run: " + result.keys() + " keys, " + result.rewrapped() + " materials would be rewrapped, "
                + result.alreadyMoved() + " already under " + to.id() + " in wrap format " + MaterialWraps.CURRENT
                + "; nothing was written");
        return result;
    }

    private static final class Counts {
        int keys;
        int rewrapped;
        int alreadyMoved;
    }

    private Counts walk(Consumer<String> progress, boolean dryRun) {
        Counts counts = new Counts();
        String after = null;
        do {
            Page<KeyRecord> page = keys.list(100, after);
            for (KeyRecord key : page.items()) {
                counts.keys++;
                for (WrappedMaterial material : withSecrets(keys.materials(key.keyId()))) {
                    RootKey source = source(material);
                    if (material.rootKeyId().equals(to.id()) && material.wrapFormat() == MaterialWraps.CURRENT) {
                        counts.alreadyMoved++;
                    } else if (dryRun) {
                        open(source, material).close();
                        counts.rewrapped++;
                        progress.accept("would rewrap " + counts.rewrapped + ": " + describe(material) + " -> "
                                + to.id() + " (format " + MaterialWraps.CURRENT + ")");
                    } else if (rewrap(source, material)) {
                        counts.rewrapped++;
                        progress.accept("rewrapped " + counts.rewrapped + ": key " + key.keyId() + " material "
                                + material.materialId());
                    } else {
                        counts.alreadyMoved++;
                    }
                }
            }
            after = page.nextMarker();
        } while (after != null);
        return counts;
    }

    private RootKey source(WrappedMaterial material) {
        if (material.rootKeyId().equals(to.id())) {
            return to;
        }
        if (from != null && material.rootKeyId().equals(from.id())) {
            return from;
        }
        throw new MigrationException("stopped: " + describe(material) + " is wrapped by a root key that is neither "
                + (from == null ? "" : from.id() + " nor ") + to.id());
    }

    /** Writes the new wrap only once it is shown to open to the same material; false if another writer came first. */
    private boolean rewrap(RootKey source, WrappedMaterial material) {
        try (SecretBytes secret = open(source, material)) {
            byte[] newWrap =
                    MaterialWraps.wrap(to, material.keyId(), material.materialId(), secret, randomness.generator());
            WrappedMaterial replacement = material.rewrapped(newWrap, to.id(), MaterialWraps.CURRENT);
            if (!opensTo(replacement, secret.reveal())) {
                throw new MigrationException("stopped before writing " + describe(material) + ": its new wrap under "
                        + to.id()
                        + " does not open to the same material. Nothing was written for it, and every material "
                        + "is still wrapped as its item records; check the root key " + to.id()
                        + " before running again");
            }
            return keys.rewrap(replacement, material);
        }
    }

    private boolean opensTo(WrappedMaterial replacement, byte[] expected) {
        try (SecretBytes reopened = MaterialWraps.unwrap(to, replacement)) {
            return MessageDigest.isEqual(reopened.reveal(), expected);
        } catch (AesGcm.NotAuthenticException e) {
            return false;
        }
    }

    private SecretBytes open(RootKey rootKey, WrappedMaterial material) {
        try {
            return MaterialWraps.unwrap(rootKey, material);
        } catch (AesGcm.NotAuthenticException e) {
            throw new MigrationException("stopped: " + describe(material) + " does not open with " + rootKey.id()
                    + "; nothing was written for it");
        }
    }

    /** Opens every material with {@code to}; all must be under it, in the current format. */
    private int verify() {
        int verified = 0;
        String after = null;
        do {
            Page<KeyRecord> page = keys.list(100, after);
            for (KeyRecord key : page.items()) {
                for (WrappedMaterial material : withSecrets(keys.materials(key.keyId()))) {
                    if (!material.rootKeyId().equals(to.id()) || material.wrapFormat() != MaterialWraps.CURRENT) {
                        throw new MigrationException("verification failed: " + describe(material)
                                + " is not yet under " + to.id() + " in format " + MaterialWraps.CURRENT
                                + " (was it created by a runner still on the old root key?); run the migration again");
                    }
                    try (SecretBytes opened = MaterialWraps.unwrap(to, material)) {
                        verified++;
                    } catch (AesGcm.NotAuthenticException e) {
                        throw new MigrationException(
                                "verification failed: " + describe(material) + " does not open with " + to.id());
                    }
                }
            }
            after = page.nextMarker();
        } while (after != null);
        return verified;
    }

    /** Deleted or expired imported material has only its record left: nothing to rewrap. */
    private static java.util.List<WrappedMaterial> withSecrets(java.util.List<WrappedMaterial> materials) {
        return materials.stream().filter(WrappedMaterial::hasSecret).toList();
    }

    private static String describe(WrappedMaterial material) {
        return "key " + material.keyId() + " material " + material.materialId() + " (under " + material.rootKeyId()
                + ", wrap format " + material.wrapFormat() + ")";
    }
}
