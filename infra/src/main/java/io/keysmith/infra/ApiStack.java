package io.keysmith.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/** The stateless part: the functions, the API and its monitoring. */
public final class ApiStack extends Stack {
    private final KeysmithApi api;

    public ApiStack(
            Construct scope,
            String id,
            StackProps props,
            Settings settings,
            KeysmithTables tables,
            IKey rootKeyEnvelope) {
        super(scope, id, props);
        KeysmithFunction function = new KeysmithFunction(this, "Function", settings, tables, rootKeyEnvelope);
        if (tables.rootKey() != null) {
            RootKeyInit init = new RootKeyInit(this, "RootKeyInit", settings, tables.rootKey(), rootKeyEnvelope);
            function.dependOn(init.resource());
        }
        api = new KeysmithApi(this, "Api", settings, function.live());
        function.acceptEventsOf(api.api(), settings.stageName());
        new KeysmithMonitoring(
                this,
                "Monitoring",
                api.api(),
                function.live(),
                tables.rootKey() != null,
                settings.rsaPoolSizes().keySet());
        CfnOutput.Builder.create(this, "EndpointUrl").value(api.api().getUrl()).build();
    }

    public KeysmithApi api() {
        return api;
    }
}
