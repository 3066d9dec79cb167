package io.keysmith.policy;

/** The policies a deployment starts with. */
public final class DefaultPolicies {
    private DefaultPolicies() {}

    /**
     * The key policy AWS KMS gives a key created through the API without a {@code Policy}, in the exact text (and
     * layout) GetKeyPolicy returns for it: the account principal may use every KMS action, as its IAM policies say.
     */
    public static String keyPolicyText(String partition, String accountId) {
        return "{\n"
                + "  \"Version\" : \"2012-10-17\",\n"
                + "  \"Id\" : \"key-default-1\",\n"
                + "  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n"
                + "    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n"
                + "      \"AWS\" : \"arn:" + partition + ":iam::" + accountId + ":root\"\n"
                + "    },\n"
                + "    \"Action\" : \"kms:*\",\n"
                + "    \"Resource\" : \"*\"\n"
                + "  } ]\n"
                + "}";
    }

    /** The default service policy: every principal of the deployment's own account may use every KMS action. */
    public static PolicyDocument servicePolicy(String accountId) {
        return PolicyDocument.parse("{\n"
                + "  \"Version\" : \"2012-10-17\",\n"
                + "  \"Id\" : \"keysmith-service-default\",\n"
                + "  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Allow the deployment's account\",\n"
                + "    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n"
                + "      \"AWS\" : \"" + accountId + "\"\n"
                + "    },\n"
                + "    \"Action\" : \"kms:*\",\n"
                + "    \"Resource\" : \"*\"\n"
                + "  } ]\n"
                + "}");
    }
}
