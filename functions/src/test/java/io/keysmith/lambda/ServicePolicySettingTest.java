package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SERVICE_POLICY: the document the stack sets from servicePolicyFile, parsed once when the function starts. */
class ServicePolicySettingTest {
    @Test
    void unsetOrBlankMeansTheDefaultServicePolicy() {
        assertNull(LambdaWiring.servicePolicy(null));
        assertNull(LambdaWiring.servicePolicy("  "));
    }

    @Test
    void aValidDocumentIsKeptAsGiven() {
        String document = """
                {"Version": "2012-10-17", "Statement": [{"Sid": "Ops", "Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::123456789012:role/Ops"}, "Action": "kms:*", "Resource": "*"}]}""";

        assertEquals(document, LambdaWiring.servicePolicy(document).text());
    }

    @Test
    void aMalformedDocumentStopsTheStartWithoutEchoingIt() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> LambdaWiring.servicePolicy("{\"Statement\": \"secret-ish\"}"));

        assertTrue(e.getMessage().startsWith("SERVICE_POLICY is not a valid policy: "), e.getMessage());
        assertFalse(e.getMessage().contains("secret-ish"), e.getMessage());
    }
}
