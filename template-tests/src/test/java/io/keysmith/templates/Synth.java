package io.keysmith.templates;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.infra.KeysmithApp;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Synthesizes the app as {@code cdk synth} would, with the real Lambda jar and the given context. */
final class Synth {
    /** The handler of the API function, by which the templates are searched for it. */
    static final String API_HANDLER = "io.keysmith.lambda.KeysmithHandler::handleRequest";

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

    /** The API function's environment has {@code variables} (values or matchers) among its variables. */
    static void assertApiFunctionEnvironment(Template template, Map<String, Object> variables) {
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("Handler", API_HANDLER, "Environment", Map.of("Variables", Match.objectLike(variables))));
    }
}
