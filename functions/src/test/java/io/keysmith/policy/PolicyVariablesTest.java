package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy variables exist from Version 2012-10-17 on; in 2008-10-17 documents {@code ${...}} is plain text. */
class PolicyVariablesTest {
    private static final String STATEMENT = """
            "Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
                          "Condition": {"StringEquals": {"kms:EncryptionContext:user": "${aws:username}"}}}""";

    @Test
    void version2012ResolvesVariables() {
        PolicyDocument policy = PolicyDocument.parse("{\"Version\": \"2012-10-17\", " + STATEMENT + "}");

        assertEquals(
                Decision.Kind.ALLOW,
                PolicyEvaluator.evaluate(policy, bobWithUser("bob")).kind());
        assertEquals(
                Decision.Kind.NO_MATCH,
                PolicyEvaluator.evaluate(policy, bobWithUser("${aws:username}")).kind());
    }

    @Test
    void version2008TakesVariablesLiterally() {
        PolicyDocument policy = PolicyDocument.parse("{\"Version\": \"2008-10-17\", " + STATEMENT + "}");

        assertEquals(
                Decision.Kind.NO_MATCH,
                PolicyEvaluator.evaluate(policy, bobWithUser("bob")).kind());
        assertEquals(
                Decision.Kind.ALLOW,
                PolicyEvaluator.evaluate(policy, bobWithUser("${aws:username}")).kind());
    }

    private static RequestContext bobWithUser(String user) {
        return RequestContext.builder("arn:aws:iam::111122223333:user/bob", "kms:Decrypt")
                .resource(PolicyTables.KEY_ARN)
                .encryptionContext(Map.of("user", user))
                .build();
    }
}
