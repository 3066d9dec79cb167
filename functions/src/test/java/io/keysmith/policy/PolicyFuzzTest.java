package io.keysmith.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keysmith.core.errors.MalformedPolicyDocumentException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The policy parser and evaluator on arbitrary text (the input as UTF-8). A policy is either refused with
 * MalformedPolicyDocumentException and a message, or parsed, kept byte for byte, and evaluable as a key policy and
 * as a service policy without any exception. The seeds are valid policies (the default key policy and AWS's KMS
 * examples, with every condition operator family) and malformed ones.
 */
class PolicyFuzzTest {
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final List<RequestContext> REQUESTS = List.of(
            RequestContext.builder("arn:aws:sts::111122223333:assumed-role/App/s", "kms:Decrypt")
                    .resource(KEY_ARN)
                    .encryptionContext(Map.of("tenant", "acme", "AppName", "ExampleApp"))
                    .key("aws:SourceIp", "203.0.113.7")
                    .key("aws:SecureTransport", "true")
                    .key("aws:CurrentTime", "2026-11-30T12:00:00Z")
                    .key("kms:GrantCount", "3")
                    .build(),
            RequestContext.builder("arn:aws:iam::111122223333:root", "kms:PutKeyPolicy")
                    .resource(KEY_ARN)
                    .key("aws:SourceIp", "2001:db8::1")
                    .build(),
            RequestContext.builder("arn:aws:iam::444455556666:user/mallory", "kms:ListKeys")
                    .build());

    @FuzzTest
    void policyDocument(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        PolicyDocument policy;
        try {
            policy = PolicyDocument.parse(text);
        } catch (MalformedPolicyDocumentException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("a refused policy says why");
            }
            return;
        }
        if (!policy.text().equals(text)) {
            throw new AssertionError("a parsed policy keeps its text");
        }
        KeyAuthorizer authorizer = new KeyAuthorizer(policy);
        for (RequestContext request : REQUESTS) {
            PolicyEvaluator.evaluate(policy, request);
            if (request.resource() != null) {
                authorizer.authorize(request, policy, List.of());
            } else {
                authorizer.authorizeWithoutKey(request);
            }
        }
    }
}
