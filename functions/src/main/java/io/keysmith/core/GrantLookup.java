package io.keysmith.core;

import io.keysmith.policy.Grant;
import java.util.List;

/** The grants that may allow a request on a key: the key's own, and those its grant tokens name. */
public interface GrantLookup {
    /** No grants at all: every decision rests on the policies. */
    GrantLookup NONE = (keyId, grantTokens) -> List.of();

    /**
     * The grants of {@code keyId} in effect now, plus those named by {@code grantTokens}. A token is checked: a
     * forged or altered one, or one of another key, throws {@code InvalidGrantTokenException}.
     */
    List<Grant> grantsFor(String keyId, List<String> grantTokens);
}
