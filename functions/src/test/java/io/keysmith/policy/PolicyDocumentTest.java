package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.MalformedPolicyDocumentException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing valid documents: their shape, their text kept as given, the size limit. */
class PolicyDocumentTest {
    private static final String ONE_STATEMENT = """
            {"Version": "2012-10-17", "Id": "key-policy-1",
             "Statement": {"Sid": "s", "Effect": "Deny", "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:user/alice"]},
                           "NotAction": "kms:Decrypt", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/*"}}""";

    @Test
    void statementMayBeASingleObject() {
        PolicyDocument policy = PolicyDocument.parse(ONE_STATEMENT);

        assertEquals("2012-10-17", policy.version());
        assertEquals("key-policy-1", policy.id());
        assertEquals(1, policy.statements().size());
        Statement statement = policy.statements().get(0);
        assertEquals("s", statement.label());
        assertEquals(Effect.DENY, statement.effect());
        assertEquals(2, statement.principals().entries().size());
        assertEquals(true, statement.actions().negated());
        assertEquals(true, statement.resources().negated());
    }

    @Test
    void statementsKeepTheirOrderAndIndex() {
        PolicyDocument policy = PolicyDocument.parse("""
                {"Version": "2008-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*"},
                  {"Sid": "second", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}""");

        assertEquals("2008-10-17", policy.version());
        assertNull(policy.id());
        assertEquals("0", policy.statements().get(0).label());
        assertEquals("second", policy.statements().get(1).label());
        assertEquals(1, policy.statements().get(1).index());
    }

    @Test
    void versionMayBeLeftOut() {
        PolicyDocument policy = PolicyDocument.parse("""
                {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}}""");

        assertEquals("2008-10-17", policy.version());
    }

    @Test
    void textIsKeptByteForByte() {
        // Given: odd spacing, escapes, a non-ASCII Sid and a trailing newline
        String text =
                "{ \"Statement\" :[{\"Sid\":\"caf\\u00e9 \u00e9t\u00e9\",\"Effect\":\"Allow\",\t\"Principal\":\"*\","
                        + "\"Action\":\"kms:*\",\"Resource\":\"*\"}] }\n";

        // When
        PolicyDocument policy = PolicyDocument.parse(text);

        // Then
        assertSame(text, policy.text());
        assertEquals("café été", policy.statements().get(0).sid());
    }

    @Test
    void policyOfExactly32768BytesIsAccepted() {
        String policy = paddedTo(PolicyDocument.MAX_BYTES);

        assertEquals(
                PolicyDocument.MAX_BYTES, PolicyDocument.parse(policy).text().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void policyOverThe32KbLimitIsRefusedCountingUtf8Bytes() {
        // Given: 32768 bytes, with one two-byte character replacing one ASCII one: 32769 bytes, 32768 characters
        String atLimit = paddedTo(PolicyDocument.MAX_BYTES);
        String over = atLimit.replaceFirst("xx\"", "x\u00e9\"");

        // When
        MalformedPolicyDocumentException e =
                assertThrows(MalformedPolicyDocumentException.class, () -> PolicyDocument.parse(over));

        // Then
        assertEquals(PolicyDocument.MAX_BYTES, over.length());
        assertEquals("Policy exceeds the maximum size of 32768 bytes", e.getMessage());
    }

    /** A valid policy whose Sid pads it to exactly {@code bytes} UTF-8 bytes. */
    private static String paddedTo(int bytes) {
        String head = "{\"Statement\": {\"Sid\": \"";
        String tail = "\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:*\", \"Resource\": \"*\"}}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }
}
