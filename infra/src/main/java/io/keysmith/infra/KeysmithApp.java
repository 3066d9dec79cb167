package io.keysmith.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** {@code cdk synth} / {@code cdk deploy}: the stateful stack, the API stack, and cdk-nag's AwsSolutions checks. */
public final class KeysmithApp {
    private KeysmithApp() {}

    /** The two stacks, added to {@code app}; tests call this with their own context. */
    public static Stacks build(App app) {
        Settings settings = Settings.from(app.getNode());
        StackProps props = StackProps.builder()
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build();
        StatefulStack stateful = new StatefulStack(app, "KeysmithStateful", props, settings);
        ApiStack api = new ApiStack(app, "KeysmithApi", props, settings, stateful.tables(), stateful.rootKeyEnvelope());
        Aspects.of(app).add(new AwsSolutionsChecks());
        return new Stacks(stateful, api);
    }

    public record Stacks(StatefulStack stateful, ApiStack api) {}

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }
}
