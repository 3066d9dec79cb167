package io.keysmith.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.IRestApi;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The API function (SnapStart, on a published version behind the {@code live} alias) and the
 * upkeep function that sweeps for due deletions and rotations every hour. Each has its own role,
 * and every permission comes from a {@code grant*()} call.
 */
public final class KeysmithFunction extends Construct {
    /**
     * RSA_4096 generation is the slowest request: it is CPU-bound and its time varies widely with
     * the primes found. Lambda gives CPU in proportion to memory; at 2048 MB (a little over one
     * vCPU) a 4096-bit pair takes about a second and its slowest cases stay well inside the
     * 20-second timeout, itself inside API Gateway's 29-second limit.
     */
    static final int MEMORY_MB = 2048;

    static final Duration TIMEOUT = Duration.seconds(20);

    /** The RSA pool's refill runs every minute; it stops adding pairs 10 s before this. */
    static final Duration REFILL_TIMEOUT = Duration.seconds(60);

    private final Alias live;
    private final Function apiFunction;
    private final List<Function> functions;
    private final IKey rootKeyEnvelope;

    public KeysmithFunction(
            Construct scope, String id, Settings settings, KeysmithTables tables, IKey rootKeyEnvelope) {
        super(scope, id);
        this.rootKeyEnvelope = rootKeyEnvelope;
        CloudHsmAccess hsm = settings.cloudHsm() ? new CloudHsmAccess(this, "CloudHsm", settings.hsm()) : null;
        // SnapStart only with the DynamoDB root key: with CloudHSM, the HSM's PIN and its logged-in sessions would be
        // captured in the snapshot and cloned into every restored copy.
        Function api = function(
                "Api", "io.keysmith.lambda.KeysmithHandler::handleRequest", tables, hsm, settings, hsm == null);
        live = Alias.Builder.create(this, "Live")
                .aliasName("live")
                .version(api.getCurrentVersion())
                .build();
        apiFunction = api;

        // Upkeep rotates keys, and new material is wrapped by the root key: it reads the root key as the API does.
        Function upkeep =
                function("Upkeep", "io.keysmith.lambda.UpkeepHandler::handleRequest", tables, hsm, settings, false);
        Rule.Builder.create(this, "UpkeepSchedule")
                .schedule(Schedule.rate(Duration.hours(1)))
                .targets(List.of(new LambdaFunction(upkeep)))
                .build();
        if (settings.rsaPoolSizes().isEmpty()) {
            functions = List.of(api, upkeep);
            return;
        }
        // A frozen Lambda environment refills nothing in the background: a function of its own tops the pools up
        // every minute, and stops (RsaPoolRefillHandler.RESERVE_MS) before its timeout, so runs rarely overlap.
        Function refill = function(
                "RsaPoolRefill",
                "io.keysmith.lambda.RsaPoolRefillHandler::handleRequest",
                tables,
                hsm,
                settings,
                false);
        functions = List.of(api, upkeep, refill);
        Rule.Builder.create(this, "RsaPoolRefillSchedule")
                .schedule(Schedule.rate(Duration.minutes(1)))
                .targets(List.of(new LambdaFunction(refill)))
                .build();
    }

    /** {@code apiFunction}: the API function, with SnapStart and reserved concurrency; upkeep has neither. */
    private Function function(
            String id,
            String handler,
            KeysmithTables tables,
            CloudHsmAccess hsm,
            Settings settings,
            boolean apiFunction) {
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .retention(RetentionDays.ONE_YEAR)
                .build();
        logs.grantWrite(role);
        Function.Builder builder = Function.Builder.create(this, id)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(handler)
                .code(Code.fromAsset(settings.lambdaJar()))
                .memorySize(MEMORY_MB)
                .timeout(id.equals("RsaPoolRefill") ? REFILL_TIMEOUT : TIMEOUT)
                .tracing(Tracing.ACTIVE)
                .role(role)
                .logGroup(logs)
                .environment(environment(tables, hsm, settings, apiFunction));
        if (hsm != null) {
            hsm.configure(builder);
        }
        if (apiFunction) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
            // The API function's share of the account's concurrency: a flood of requests cannot starve the
            // account's other functions, nor can they starve Keysmith. API Gateway's throttles sit in front.
            if (settings.reservedConcurrency() != null) {
                builder.reservedConcurrentExecutions(settings.reservedConcurrency());
            }
        }
        Function function = builder.build();
        if (apiFunction) {
            Annotations.of(function)
                    .acknowledgeWarning(
                            "@aws-cdk/aws-lambda:snapStartRequirePublish",
                            "the live alias points at a published version, and SnapStart applies to it");
        }
        NagSuppressions.addResourceSuppressions(
                function,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-L1")
                        .reason("Keysmith targets the java21 runtime (Java 21 LTS) on purpose; moving runtimes is a "
                                + "tested change of its own.")
                        .build()));
        tables.keys().grantReadWriteData(function);
        if (hsm == null) {
            RootKeyAccess.grantRead(function, tables.rootKey(), rootKeyEnvelope);
        } else {
            hsm.grant(function);
        }
        NagSuppressions.addResourceSuppressions(
                role,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions, so "
                                        + "Tracing.ACTIVE grants them on '*'; the log stream wildcard is this function's own log group.")
                        .build()),
                true);
        return function;
    }

    private Map<String, String> environment(
            KeysmithTables tables, CloudHsmAccess hsm, Settings settings, boolean apiFunction) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KEYS_TABLE", tables.keys().getTableName(),
                "KEYSMITH_ACCOUNT", Stack.of(this).getAccount(),
                // The API function keeps the keys it served for a few seconds; the hourly sweep reads each key afresh.
                "KEY_CACHE_TTL_SECONDS", apiFunction ? Integer.toString(settings.keyCacheTtlSeconds()) : "0"));
        if (hsm == null) {
            env.putAll(RootKeyAccess.environment(tables.rootKey(), rootKeyEnvelope));
        } else {
            env.putAll(hsm.environment());
        }
        // Which specs the API function claims from the pool, and the sizes the refill function keeps them at.
        env.put("RSA_POOL", settings.rsaPool());
        if (settings.servicePolicy() != null) {
            // The document itself, not a path: the function has no file of the deployer's to read.
            env.put("SERVICE_POLICY", settings.servicePolicy());
        }
        return env;
    }

    /** Every function deploys after {@code dependency}: the root key's creation. */
    void dependOn(software.constructs.IDependable dependency) {
        functions.forEach(f -> f.getNode().addDependency(dependency));
    }

    /**
     * The API function trusts the identity in an event only when the event names this API and stage
     * ({@code io.keysmith.lambda.ApiGatewayCaller}). No cycle: the environment refers to the RestApi resource,
     * which depends on nothing of the function's; the method, deployment and permission depend on the function.
     */
    void acceptEventsOf(IRestApi api, String stageName) {
        apiFunction.addEnvironment("KEYSMITH_API_ID", api.getRestApiId());
        apiFunction.addEnvironment("KEYSMITH_STAGE", stageName);
    }

    public Alias live() {
        return live;
    }
}
