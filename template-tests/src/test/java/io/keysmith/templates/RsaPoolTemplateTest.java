package io.keysmith.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The RSA pool in AWS (context rsaPool): its pairs live in the keys table (no table of its own), a refill function
 * tops it up every minute, both functions are told the sizes, and each pooled spec has an alarm for running dry.
 */
class RsaPoolTemplateTest extends SynthesizedApp {
    private static final String REFILL_HANDLER = "io.keysmith.lambda.RsaPoolRefillHandler::handleRequest";

    @Test
    void byDefaultThreeSpecsArePooledAndRefilledEveryMinute() {
        Synth.assertApiFunctionEnvironment(api, Map.of("RSA_POOL", "2048=16,3072=8,4096=64"));
        api.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        REFILL_HANDLER,
                        "Timeout",
                        60,
                        "Environment",
                        Map.of("Variables", Match.objectLike(Map.of("RSA_POOL", "2048=16,3072=8,4096=64")))));
        assertFalse(
                Synth.props(refillFunction(api)).containsKey("ReservedConcurrentExecutions"),
                "the refill function takes no reserved concurrency");
        api.hasResourceProperties(
                "AWS::Events::Rule",
                Map.of(
                        "ScheduleExpression",
                        "rate(1 minute)",
                        "Targets",
                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "Arn",
                                Match.objectLike(Map.of(
                                        "Fn::GetAtt",
                                        Match.arrayWith(
                                                List.of(Match.stringLikeRegexp("FunctionRsaPoolRefill.*")))))))))));
        assertEquals(Set.of("RSA_2048", "RSA_3072", "RSA_4096"), dryAlarmSpecs(api));
        // No table of its own: the pairs are items of the keys table.
        assertEquals(
                Set.of("KeysTable", "RootKeyTable"),
                stateful.findResources("AWS::DynamoDB::Table").keySet());
    }

    @Test
    void theSizesComeFromTheContextAndZeroMeansNoPool() {
        Template some =
                Template.fromStack(Synth.app(Map.of("rsaPool", "4096=5")).api());
        Synth.assertApiFunctionEnvironment(some, Map.of("RSA_POOL", "4096=5"));
        assertEquals(Set.of("RSA_4096"), dryAlarmSpecs(some));

        Template none = Template.fromStack(Synth.app(Map.of("rsaPool", "0")).api());
        Synth.assertApiFunctionEnvironment(none, Map.of("RSA_POOL", "0"));
        none.findResources("AWS::Lambda::Function")
                .values()
                .forEach(f -> assertFalse(REFILL_HANDLER.equals(Synth.props(f).get("Handler")), f.toString()));
        none.resourcePropertiesCountIs("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(1 minute)"), 0);
        assertEquals(Set.of(), dryAlarmSpecs(none));

        for (String bad : List.of("1024=4", "4096", "2048=4,2048=5", "2048=1000", "")) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> Synth.app(Map.of("rsaPool", bad)));
            assertTrue(refused.getMessage().contains("rsaPool"), refused.getMessage());
        }
    }

    private static Map<String, Object> refillFunction(Template template) {
        return template.findResources("AWS::Lambda::Function").values().stream()
                .filter(f -> REFILL_HANDLER.equals(Synth.props(f).get("Handler")))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> dryAlarmSpecs(Template template) {
        Set<String> specs = new TreeSet<>();
        template.findResources("AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            Map<String, Object> p = Synth.props(alarm);
            if ("RsaPoolMisses".equals(p.get("MetricName"))) {
                assertEquals("Keysmith", p.get("Namespace"));
                assertEquals("Sum", p.get("Statistic"));
                assertEquals(1, p.get("Threshold"));
                List<Map<String, String>> dimensions = (List<Map<String, String>>) p.get("Dimensions");
                assertEquals("KeyPairSpec", dimensions.get(0).get("Name"));
                specs.add(dimensions.get(0).get("Value"));
            }
        });
        return specs;
    }
}
