package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DefaultPoliciesTest {

    @Test
    void defaultKeyPolicyIsTheTextAwsReturns() {
        // The layout is GetKeyPolicy's for a key created through the API without a Policy.
        String expected = """
                {
                  "Version" : "2012-10-17",
                  "Id" : "key-default-1",
                  "Statement" : [ {
                    "Sid" : "Enable IAM User Permissions",
                    "Effect" : "Allow",
                    "Principal" : {
                      "AWS" : "arn:aws:iam::111122223333:root"
                    },
                    "Action" : "kms:*",
                    "Resource" : "*"
                  } ]
                }""";

        assertEquals(expected, DefaultPolicies.keyPolicyText("aws", "111122223333"));
    }

    @Test
    void defaultKeyPolicyNamesTheAccountPrincipalOfItsPartition() {
        PolicyDocument policy = PolicyDocument.parse(DefaultPolicies.keyPolicyText("aws-cn", "111122223333"));

        Statement statement = policy.statements().get(0);
        assertEquals("key-default-1", policy.id());
        assertEquals("Enable IAM User Permissions", statement.label());
        assertEquals(
                java.util.List.of(new Principal.Account("111122223333")),
                statement.principals().entries());
    }

    @Test
    void defaultServicePolicyAllowsTheAccountEveryKmsActionAndNoOneElse() {
        PolicyDocument policy = DefaultPolicies.servicePolicy("111122223333");

        Decision own = PolicyEvaluator.evaluate(
                policy,
                RequestContext.builder("arn:aws:iam::111122223333:user/alice", "kms:CreateKey")
                        .build());
        Decision other = PolicyEvaluator.evaluate(
                policy,
                RequestContext.builder("arn:aws:iam::444455556666:user/alice", "kms:CreateKey")
                        .build());
        Decision otherService = PolicyEvaluator.evaluate(
                policy,
                RequestContext.builder("arn:aws:iam::111122223333:user/alice", "s3:GetObject")
                        .build());

        assertEquals(Decision.Kind.ALLOW, own.kind());
        assertEquals(Decision.Kind.NO_MATCH, other.kind());
        assertEquals(Decision.Kind.NO_MATCH, otherService.kind());
    }
}
