package io.keysmith.policy;

import io.keysmith.core.errors.MalformedPolicyDocumentException;

/**
 * The messages a malformed policy is answered with. The first four are AWS KMS's own wording; the others are
 * Keysmith's, in the same style, where AWS's wording could not be confirmed.
 */
final class PolicyErrors {
    static final String INVALID_PRINCIPALS = "Policy contains a statement with one or more invalid principals.";
    static final String NO_PRINCIPAL = "Policy contains a statement with no principal";
    static final String LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";
    static final String OVERLY_PERMISSIVE_CONTEXT =
            "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues"
                    + " set operator with a single-valued condition key matches requests without the specified encryption context"
                    + " or with an unspecified encryption context. To fix, remove ForAllValues.";
    static final String INVALID_JSON = "The policy must be valid JSON";
    static final String INVALID_VERSION = "Policy contains an invalid Version";
    static final String TOO_LARGE = "Policy exceeds the maximum size of 32768 bytes";
    static final String NO_STATEMENT = "Policy contains no statement";
    static final String UNKNOWN_ELEMENT = "Policy contains an unknown element: ";
    static final String INVALID_ELEMENT = "Policy contains an invalid ";
    static final String INVALID_EFFECT = "Policy contains a statement with an invalid Effect";
    static final String INVALID_ACTIONS = "Policy contains a statement with one or more invalid actions.";
    static final String NO_ACTION = "Policy contains a statement with no action";
    static final String INVALID_RESOURCES = "Policy contains a statement with one or more invalid resources.";
    static final String NO_RESOURCE = "Policy contains a statement with no resource";
    static final String INVALID_CONDITION = "Policy contains a statement with an invalid condition: ";

    private PolicyErrors() {}

    static MalformedPolicyDocumentException malformed(String message) {
        return new MalformedPolicyDocumentException(message);
    }
}
