package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link PolicyDocument#refersTo}: whether evaluating a document can read a condition key, which decides whether
 * authorization reads a key's aliases ({@code kms:ResourceAliases}) at all.
 */
class PolicyReferenceTest {
    private static PolicyDocument withCondition(String condition) {
        return PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*",
                  "Condition": %s}]}""".formatted(condition));
    }

    @Test
    void aConditionOnTheKeyInAnyCaseRefersToIt() {
        assertTrue(withCondition("{\"ForAnyValue:StringLike\": {\"KMS:resourcealiases\": \"alias/app-*\"}}")
                .refersTo("kms:ResourceAliases"));
        assertTrue(
                withCondition("{\"Null\": {\"kms:ResourceAliases\": \"true\"}}").refersTo("kms:ResourceAliases"));
    }

    @Test
    void aPolicyVariableNamingTheKeyRefersToIt() {
        assertTrue(withCondition("{\"StringEquals\": {\"kms:RequestAlias\": \"${kms:ResourceAliases}\"}}")
                .refersTo("kms:ResourceAliases"));
    }

    @Test
    void otherConditionsAndTheDefaultPoliciesDoNot() {
        assertFalse(withCondition("{\"StringEquals\": {\"kms:RequestAlias\": \"alias/app\"}}")
                .refersTo("kms:ResourceAliases"));
        assertFalse(PolicyDocument.parse(DefaultPolicies.keyPolicyText("aws", "111122223333"))
                .refersTo("kms:ResourceAliases"));
        assertFalse(DefaultPolicies.servicePolicy("111122223333").refersTo("kms:ResourceAliases"));
    }
}
