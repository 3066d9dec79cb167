package io.keysmith.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.Randomness;
import org.junit.jupiter.api.Test;

/**
 * An alias name longer than any alias can be, given as a KeyId (which may be 2048 characters), is
 * a 400 NotFoundException. It used to reach DynamoDB as a partition key over its 2048-byte limit,
 * and came back as a 500.
 */
class OverlongAliasIT {
    @Test
    void anOverlongAliasAsKeyIdIsNotFound() throws Exception {
        try (LambdaFixture lambda = new LambdaFixture(new Randomness())) {
            String arnPrefix = "arn:aws:kms:eu-west-1:123456789012:";
            // Each name as given, and as an alias ARN when that fits in KeyId's 2048 characters.
            for (String name : new String[] {
                "alias/" + "a".repeat(2042),
                "alias/" + "\u00e9".repeat(1000),
                "alias/" + "b".repeat(251),
                "alias/" + "c".repeat(2048 - arnPrefix.length() - 6)
            }) {
                for (String keyId : new String[] {name, arnPrefix + name}) {
                    if (keyId.length() > 2048) {
                        continue;
                    }
                    APIGatewayProxyResponseEvent response =
                            lambda.handler.handle(LambdaFixture.event("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}"));
                    assertEquals(400, response.getStatusCode(), response.getBody());
                    JsonNode body = LambdaFixture.JSON.readTree(response.getBody());
                    assertEquals("NotFoundException", body.get("__type").asText());
                    assertEquals(
                            "Alias arn:aws:kms:eu-west-1:123456789012:" + name + " is not found.",
                            body.get("message").asText());
                }
            }
        }
    }
}
