package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.policy.Authorization.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: a Deny statement that applies to a request decides it, whatever else the policies, or a grant, say.
 * Policies and requests are drawn from pools of realistic parts with a fixed list of seeds, so a failure reproduces.
 */
class ExplicitDenyPropertyTest {
    private static final String KEY_ARN = PolicyTables.KEY_ARN;
    private static final String[] PRINCIPALS = {
        "\"Principal\": \"*\"",
        "\"Principal\": {\"AWS\": \"111122223333\"}",
        "\"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/App\"}",
        "\"Principal\": {\"AWS\": [\"arn:aws:iam::111122223333:user/alice\", \"444455556666\"]}",
        "\"Principal\": {\"AWS\": \"arn:aws:iam::444455556666:root\"}",
        "\"Principal\": {\"Service\": \"logs.us-east-1.amazonaws.com\"}",
        "\"NotPrincipal\": {\"AWS\": \"arn:aws:iam::111122223333:user/alice\"}",
        "\"NotPrincipal\": {\"AWS\": [\"arn:aws:iam::111122223333:user/alice\", \"111122223333\"]}",
    };
    private static final String[] ACTIONS = {
        "\"Action\": \"kms:*\"",
        "\"Action\": \"*\"",
        "\"Action\": \"kms:Decrypt\"",
        "\"Action\": \"kms:generate*\"",
        "\"Action\": [\"kms:Encrypt\", \"kms:ReEncrypt*\"]",
        "\"NotAction\": \"kms:Decrypt\"",
    };
    private static final String[] RESOURCES = {
        "\"Resource\": \"*\"",
        "\"Resource\": \"" + KEY_ARN + "\"",
        "\"Resource\": \"arn:aws:kms:*:111122223333:key/*\"",
        "\"Resource\": \"arn:aws:kms:us-east-1:111122223333:key/other\"",
        "\"NotResource\": \"" + KEY_ARN + "\"",
    };
    private static final String[] CONDITIONS = {
        "",
        "",
        "",
        ", \"Condition\": {\"StringEquals\": {\"kms:EncryptionContext:tenant\": \"acme\"}}",
        ", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}",
        ", \"Condition\": {\"NotIpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}",
        ", \"Condition\": {\"ForAnyValue:StringLike\": {\"kms:EncryptionContextKeys\": \"ten*\"}}",
        ", \"Condition\": {\"StringNotEqualsIfExists\": {\"kms:ViaService\": \"ec2.us-east-1.amazonaws.com\"}}",
        ", \"Condition\": {\"Null\": {\"kms:EncryptionContextKeys\": \"true\"}}",
        ", \"Condition\": {\"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"}, \"DateLessThan\": {\"aws:CurrentTime\": \"2030-01-01\"}}",
    };
    private static final String[] CALLERS = {
        "arn:aws:sts::111122223333:assumed-role/App/s", "arn:aws:iam::111122223333:user/alice",
        "arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:user/mallory",
    };
    private static final String[] REQUEST_ACTIONS = {
        "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKeyPair", "kms:ReEncryptFrom", "kms:PutKeyPolicy",
    };

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anApplicableDenyDecidesTheDocument(long seed) {
        // Given
        Random random = new Random(seed);
        List<String> statements = statements(random);
        RequestContext request = request(random);

        // When
        Decision whole = PolicyEvaluator.evaluate(document(statements), request);
        boolean someDenyApplies = statements.stream()
                .filter(s -> s.contains("\"Deny\""))
                .anyMatch(s ->
                        PolicyEvaluator.evaluate(document(List.of(s)), request).isDeny());

        // Then
        assertEquals(someDenyApplies, whole.isDeny(), () -> "policy " + statements + " request " + request);
    }

    @Test
    void theSeedsReachEveryKindOfDecision() {
        // The properties above say little unless the generated cases deny, allow and miss, each many times.
        Map<Decision.Kind, Long> kinds = seeds().mapToObj(seed -> {
                    Random random = new Random(seed);
                    List<String> statements = statements(random);
                    return PolicyEvaluator.evaluate(document(statements), request(random))
                            .kind();
                })
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));

        for (Decision.Kind kind : Decision.Kind.values()) {
            assertTrue(kinds.getOrDefault(kind, 0L) >= 30, () -> "too few " + kind + ": " + kinds);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void statementOrderDoesNotChangeTheDecision(long seed) {
        Random random = new Random(seed);
        List<String> statements = statements(random);
        RequestContext request = request(random);
        List<String> shuffled = new ArrayList<>(statements);
        Collections.shuffle(shuffled, random);

        Decision original = PolicyEvaluator.evaluate(document(statements), request);
        Decision reordered = PolicyEvaluator.evaluate(document(shuffled), request);

        assertEquals(original.kind(), reordered.kind());
        if (original.isAllow()) {
            // Which Deny comes first may differ, and does not matter; for an Allow, direct beats account in any order.
            assertEquals(original.match(), reordered.match());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anApplicableDenyInEitherPolicyBeatsEveryAllowAndGrant(long seed) {
        // Given: random key and service policies, and a grant of every operation to the caller
        Random random = new Random(seed);
        PolicyDocument keyPolicy = document(statements(random));
        PolicyDocument servicePolicy = document(statements(random));
        RequestContext request = request(random);
        Grant grantOfEverything = new Grant() {
            @Override
            public String grantId() {
                return "everything";
            }

            @Override
            public String granteePrincipal() {
                return request.principalArn();
            }

            @Override
            public Set<String> operations() {
                return Set.of(request.action().substring("kms:".length()));
            }

            @Override
            public boolean constraintsAllow(RequestContext r) {
                return true;
            }
        };

        // When
        Authorization result =
                new KeyAuthorizer(servicePolicy).authorize(request, keyPolicy, List.of(grantOfEverything));

        // Then
        boolean denied = PolicyEvaluator.evaluate(keyPolicy, request).isDeny()
                || PolicyEvaluator.evaluate(servicePolicy, request).isDeny();
        assertEquals(denied, result.outcome() == Outcome.EXPLICIT_DENY);
        if (!denied) {
            assertEquals(Outcome.ALLOWED, result.outcome(), "the grant allows whatever no Deny forbids");
        }
    }

    private static List<String> statements(Random random) {
        return IntStream.range(0, 1 + random.nextInt(6))
                .mapToObj(i -> {
                    String effect = random.nextBoolean() ? "Deny" : "Allow";
                    String principal = pick(random, PRINCIPALS);
                    // NotPrincipal goes with Deny only: IAM refuses it with Allow.
                    if (effect.equals("Allow") && principal.startsWith("\"NotPrincipal\"")) {
                        principal = PRINCIPALS[0];
                    }
                    return "{\"Effect\": \"" + effect + "\", " + principal + ", " + pick(random, ACTIONS) + ", "
                            + pick(random, RESOURCES) + pick(random, CONDITIONS) + "}";
                })
                .toList();
    }

    private static RequestContext request(Random random) {
        RequestContext.Builder builder = RequestContext.builder(pick(random, CALLERS), pick(random, REQUEST_ACTIONS))
                .resource(KEY_ARN)
                .key("aws:SecureTransport", Boolean.toString(random.nextBoolean()))
                .key("aws:SourceIp", random.nextBoolean() ? "10.1.2.3" : "192.0.2.1")
                .key("aws:CurrentTime", "2026-11-30T12:00:00Z");
        if (random.nextBoolean()) {
            builder.encryptionContext(Map.of("tenant", random.nextBoolean() ? "acme" : "globex"));
        }
        if (random.nextBoolean()) {
            builder.key("kms:ViaService", "ec2.us-east-1.amazonaws.com");
        }
        return builder.build();
    }

    private static PolicyDocument document(List<String> statements) {
        return PolicyDocument.parse(
                "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(",", statements) + "]}");
    }

    private static String pick(Random random, String[] pool) {
        return pool[random.nextInt(pool.length)];
    }
}
