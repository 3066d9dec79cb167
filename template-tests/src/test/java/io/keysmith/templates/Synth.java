package io.keysmith.templates;

import io.keysmith.infra.KeysmithApp;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Synthesizes the app as {@code cdk synth} would, with the real Lambda jar and the given context. */
final class Synth {
    private Synth() {
    }

    static KeysmithApp.Stacks app(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.put("lambdaJar", System.getProperty("keysmith.lambda.jar"));
        all.put("@aws-cdk/core:defaultCrossStackReferences", "strong");
        return KeysmithApp.build(new App(AppProps.builder().context(all).build()));
    }
}
