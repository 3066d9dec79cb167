package io.keysmith.core;

import java.util.List;

/**
 * CreateKey's request, as the core sees it; null members take AWS's defaults.
 *
 * @param policy the key policy document as given, or null for the default key policy
 * @param bypassPolicyLockoutSafetyCheck skip the check that the new policy still lets the caller change it
 */
public record NewKey(
        String description,
        KeySpec keySpec,
        KeyUsage keyUsage,
        Origin origin,
        List<Tag> tags,
        String policy,
        boolean bypassPolicyLockoutSafetyCheck) {

    /** With the default key policy. */
    public NewKey(String description, KeySpec keySpec, KeyUsage keyUsage, Origin origin, List<Tag> tags) {
        this(description, keySpec, keyUsage, origin, tags, null, false);
    }
}
