package io.keysmith.templates;

import io.keysmith.infra.KeysmithApp;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Template;

/** A template test class's app, synthesized once with its {@link #context()}: the stacks and their templates. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SynthesizedApp {
    KeysmithApp.Stacks stacks;
    Template stateful;
    Template api;

    /** The CDK context the app is synthesized with; none by default. */
    Map<String, Object> context() throws Exception {
        return Map.of();
    }

    @BeforeAll
    void synth() throws Exception {
        stacks = Synth.app(context());
        stateful = Template.fromStack(stacks.stateful());
        api = Template.fromStack(stacks.api());
    }
}
