package io.keysmith.templates;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.infra.KeysmithApp;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** Synthesizes the app as {@code cdk synth} would, with the real Lambda jar and the given context. */
final class Synth {
    private Synth() {}

    static KeysmithApp.Stacks app(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.put("lambdaJar", System.getProperty("keysmith.lambda.jar"));
        all.put("@aws-cdk/core:defaultCrossStackReferences", "strong");
        return KeysmithApp.build(new App(AppProps.builder().context(all).build()));
    }

    /** cdk-nag's AwsSolutions checks report errors as annotations; there must be none in either stack. */
    static void assertCdkNagPasses(KeysmithApp.Stacks stacks) {
        for (var stack : java.util.List.of(stacks.stateful(), stacks.api())) {
            var errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            assertTrue(errors.isEmpty(), "cdk-nag errors in " + stack.getStackName() + ": " + errors);
        }
    }

    /** A synthesized resource's Properties. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
