package io.keysmith.core;

import java.util.Optional;

/** Storage port for grants. Every change takes effect at once: a grant is usable, or gone, when the call returns. */
public interface GrantStore {
    /** No grants, and none can be made: for a core built without grant storage (tests of other parts). */
    GrantStore NONE = new GrantStore() {
        @Override
        public Creation create(GrantRecord grant, int maxGrantsPerKey) {
            throw new io.keysmith.core.errors.KmsUnsupportedOperationException(
                    "This Keysmith was built without a grant store.");
        }

        @Override
        public Optional<GrantRecord> find(String keyId, String grantId) {
            return Optional.empty();
        }

        @Override
        public boolean delete(String keyId, String grantId) {
            return false;
        }

        @Override
        public Page<GrantRecord> listOfKey(String keyId, String granteePrincipal, int limit, String afterGrantId) {
            return new Page<>(java.util.List.of(), null);
        }

        @Override
        public Page<GrantRecord> listRetirable(String retiringPrincipal, int limit, String after) {
            return new Page<>(java.util.List.of(), null);
        }

        @Override
        public void deleteAllOf(String keyId) {}
    };

    /**
     * Stores the grant, atomically, only if its key exists, the key has fewer than {@code maxGrantsPerKey} grants,
     * and no grant of the same {@link GrantRecord#sameRequestDigest()} exists (for a named grant).
     */
    Creation create(GrantRecord grant, int maxGrantsPerKey);

    Optional<GrantRecord> find(String keyId, String grantId);

    /** Deletes a grant; false when there was no such grant. */
    boolean delete(String keyId, String grantId);

    /**
     * A key's grants in grant-id order after {@code afterGrantId} (null for the first page), only those of
     * {@code granteePrincipal} when it is not null; the next marker is a grant id.
     */
    Page<GrantRecord> listOfKey(String keyId, String granteePrincipal, int limit, String afterGrantId);

    /** The grants, of any key, whose retiring principal is {@code retiringPrincipal}; the next marker is opaque. */
    Page<GrantRecord> listRetirable(String retiringPrincipal, int limit, String after);

    /** Deletes every grant of a key, as AWS does when the key is deleted. */
    void deleteAllOf(String keyId);

    /** What {@link #create} did: {@code grant} is the stored one (the earlier grant for a {@code DUPLICATE}). */
    record Creation(Outcome outcome, GrantRecord grant) {}

    enum Outcome {
        CREATED,
        DUPLICATE,
        LIMIT_REACHED,
        KEY_MISSING
    }
}
