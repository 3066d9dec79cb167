package io.keysmith.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The context value keyCacheTtlSeconds: the API function's KEY_CACHE_TTL_SECONDS; the upkeep function keeps none. */
class KeyCacheTemplateTest {
    @Test
    void theApiFunctionKeepsKeysForFiveSecondsByDefaultAndUpkeepForNone() {
        Template api = Template.fromStack(Synth.app(Map.of()).api());

        Synth.assertApiFunctionEnvironment(api, Map.of("KEY_CACHE_TTL_SECONDS", "5"));
        api.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        "io.keysmith.lambda.UpkeepHandler::handleRequest",
                        "Environment",
                        Map.of(
                                "Variables",
                                software.amazon.awscdk.assertions.Match.objectLike(
                                        Map.of("KEY_CACHE_TTL_SECONDS", "0")))));
    }

    @Test
    void theContextValueSetsItAndZeroTurnsItOff() {
        Synth.assertApiFunctionEnvironment(
                Template.fromStack(Synth.app(Map.of("keyCacheTtlSeconds", "30")).api()),
                Map.of("KEY_CACHE_TTL_SECONDS", "30"));
        Synth.assertApiFunctionEnvironment(
                Template.fromStack(Synth.app(Map.of("keyCacheTtlSeconds", "0")).api()),
                Map.of("KEY_CACHE_TTL_SECONDS", "0"));
    }

    @Test
    void aBadValueStopsTheSynth() {
        for (String bad : new String[] {"-1", "2.5", "soon", "3601"}) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> Synth.app(Map.of("keyCacheTtlSeconds", bad)));
            assertEquals(
                    "context keyCacheTtlSeconds must be a whole number of seconds from 0 to 3600, not " + bad,
                    refused.getMessage());
        }
    }
}
