package io.keysmith.policy;

/** AccessDeniedException messages in AWS's words. */
public final class AccessDeniedMessages {
    private AccessDeniedMessages() {}

    /**
     * The message when no statement allows the action.
     *
     * @param resource the key ARN, or null for an action without a key ({@code *} in the message)
     * @param resourceBased true when the key policy is what failed to allow, false for the service (IAM) policy
     */
    public static String noPolicyAllows(String callerArn, String action, String resource, boolean resourceBased) {
        return prefix(callerArn, action, resource) + " because no " + kind(resourceBased) + " policy allows the "
                + action + " action";
    }

    /** The same for an explicit Deny. */
    public static String explicitDeny(String callerArn, String action, String resource, boolean resourceBased) {
        return prefix(callerArn, action, resource) + " with an explicit deny in a" + (resourceBased ? " " : "n ")
                + kind(resourceBased) + " policy";
    }

    private static String prefix(String callerArn, String action, String resource) {
        return "User: " + callerArn + " is not authorized to perform: " + action + " on resource: "
                + (resource == null ? "*" : resource);
    }

    private static String kind(boolean resourceBased) {
        return resourceBased ? "resource-based" : "identity-based";
    }
}
