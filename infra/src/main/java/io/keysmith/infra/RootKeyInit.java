package io.keysmith.infra;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Creates the DynamoDB root key once, at deploy time: a custom resource whose handler
 * ({@code io.keysmith.lambda.InitRootKeyHandler}, in the same jar) puts the key on the condition
 * that none exists. Delete does nothing. Its function may only PutItem the root key's item and
 * Encrypt under the envelope key; the serving functions never create a root key.
 */
public final class RootKeyInit extends Construct {
    static final String HANDLER = "io.keysmith.lambda.InitRootKeyHandler::handleRequest";
    private final CustomResource resource;

    public RootKeyInit(Construct scope, String id, Settings settings, ITable table, IKey envelope) {
        super(scope, id);
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_YEAR)
                .build();
        logs.grantWrite(role);
        Function function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(HANDLER)
                .code(Code.fromAsset(settings.lambdaJar()))
                .memorySize(1024)
                .timeout(Duration.minutes(1))
                .role(role)
                .logGroup(logs)
                .environment(RootKeyAccess.environment(table, envelope))
                .build();
        RootKeyAccess.grantCreate(function, table, envelope);
        Provider provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(function)
                .logGroup(LogGroup.Builder.create(this, "ProviderLogs")
                        .retention(RetentionDays.ONE_YEAR)
                        .build())
                .build();
        resource = CustomResource.Builder.create(this, "RootKey")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::KeysmithRootKey")
                // A change of protection or envelope key updates the resource, so its handler checks the existing root
                // key again.
                .properties(Map.of(
                        "Protection",
                        envelope == null ? "none" : "kms",
                        "EnvelopeKeyArn",
                        envelope == null ? "" : envelope.getKeyArn()))
                .build();
        NagSuppressions.addResourceSuppressions(
                this,
                List.of(
                        KeysmithApi.suppression(
                                "AwsSolutions-L1",
                                "The init function targets java21 like the API function; the "
                                        + "provider framework's runtime is chosen by aws-cdk-lib."),
                        KeysmithApi.suppression(
                                "AwsSolutions-IAM4",
                                "The provider framework's function uses "
                                        + "AWSLambdaBasicExecutionRole for its own logs."),
                        KeysmithApi.suppression(
                                "AwsSolutions-IAM5",
                                "The log stream wildcard is the function's own log group; "
                                        + "the provider framework may invoke only the init function's versions.")),
                true);
    }

    /** The serving functions depend on it, so that the root key exists before they deploy. */
    public CustomResource resource() {
        return resource;
    }
}
