package io.keysmith.core;

/** The region and account a deployment answers for; key and alias ARNs are built from it. */
public record KmsLocation(String region, String account) {

    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    public String keyArn(String keyId) {
        return arnPrefix() + "key/" + keyId;
    }

    /** {@code aliasName} includes its {@code alias/} prefix. */
    public String aliasArn(String aliasName) {
        return arnPrefix() + aliasName;
    }

    String arnPrefix() {
        return "arn:" + partition() + ":kms:" + region + ":" + account + ":";
    }
}
