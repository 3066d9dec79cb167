package io.keysmith.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keysmith.store.KeysTableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** CDK assertions on the synthesized templates, and cdk-nag's AwsSolutions checks. */
class TemplateTest extends SynthesizedApp {

    @Test
    void everyApiMethodUsesAwsIam() {
        Map<String, Map<String, Object>> methods = api.findResources("AWS::ApiGateway::Method");
        assertFalse(methods.isEmpty());
        methods.values().forEach(m -> assertEquals("AWS_IAM", Synth.props(m).get("AuthorizationType"), m.toString()));
        api.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Map.of("HttpMethod", "POST", "RequestParameters", Map.of("method.request.header.X-Amz-Target", true)));
    }

    @Test
    void statefulResourcesKeepTheirLogicalIdsAndAreRetained() {
        assertEquals(
                Set.of("KeysTable", "RootKeyTable"),
                stateful.findResources("AWS::DynamoDB::Table").keySet());
        for (String id : List.of("KeysTable", "RootKeyTable")) {
            Map<String, Object> table =
                    stateful.findResources("AWS::DynamoDB::Table").get(id);
            assertEquals("Retain", table.get("DeletionPolicy"));
            assertEquals("Retain", table.get("UpdateReplacePolicy"));
        }
        assertTrue(stacks.stateful().getTerminationProtection());
    }

    @Test
    void keysTableHasPitrDeletionProtectionOnDemandBillingAndDefaultEncryption() {
        Map<String, Object> keys =
                Synth.props(stateful.findResources("AWS::DynamoDB::Table").get("KeysTable"));
        assertEquals(Map.of("PointInTimeRecoveryEnabled", true), keys.get("PointInTimeRecoverySpecification"));
        assertEquals(true, keys.get("DeletionProtectionEnabled"));
        assertEquals("PAY_PER_REQUEST", keys.get("BillingMode"));
        // CloudFormation's way to say "the AWS-owned key", which is the default.
        assertEquals(Map.of("SSEEnabled", false), keys.get("SSESpecification"));
    }

    /** The local runner creates its tables from KeysTableSchema; the deployed table must be the same. */
    @Test
    @SuppressWarnings("unchecked")
    void keysTableMatchesTheSchemaTheLocalRunnerUses() {
        CreateTableRequest schema = KeysTableSchema.keysTable("x");
        Map<String, Object> keys =
                Synth.props(stateful.findResources("AWS::DynamoDB::Table").get("KeysTable"));
        Set<String> keySchema = new TreeSet<>();
        ((List<Map<String, String>>) keys.get("KeySchema"))
                .forEach(k -> keySchema.add(k.get("AttributeName") + "/" + k.get("KeyType")));
        Set<String> expectedKeySchema = new TreeSet<>();
        schema.keySchema().forEach(k -> expectedKeySchema.add(k.attributeName() + "/" + k.keyTypeAsString()));
        assertEquals(expectedKeySchema, keySchema);

        Set<String> attributes = new TreeSet<>();
        ((List<Map<String, String>>) keys.get("AttributeDefinitions"))
                .forEach(a -> attributes.add(a.get("AttributeName") + ":" + a.get("AttributeType")));
        Set<String> expectedAttributes = new TreeSet<>();
        schema.attributeDefinitions()
                .forEach(a -> expectedAttributes.add(a.attributeName() + ":" + a.attributeTypeAsString()));
        assertEquals(expectedAttributes, attributes);

        // Every index, by name: its keys (in order) and its projection.
        Map<String, String> deployedIndexes = new java.util.TreeMap<>();
        ((List<Map<String, Object>>) keys.get("GlobalSecondaryIndexes")).forEach(index -> {
            List<String> indexKeys = new ArrayList<>();
            ((List<Map<String, String>>) index.get("KeySchema"))
                    .forEach(k -> indexKeys.add(k.get("AttributeName") + "/" + k.get("KeyType")));
            deployedIndexes.put(
                    (String) index.get("IndexName"),
                    indexKeys + " " + ((Map<String, Object>) index.get("Projection")).get("ProjectionType"));
        });
        Map<String, String> expectedIndexes = new java.util.TreeMap<>();
        schema.globalSecondaryIndexes().forEach(index -> {
            List<String> indexKeys = new ArrayList<>();
            index.keySchema().forEach(k -> indexKeys.add(k.attributeName() + "/" + k.keyTypeAsString()));
            expectedIndexes.put(
                    index.indexName(), indexKeys + " " + index.projection().projectionTypeAsString());
        });
        assertEquals(expectedIndexes, deployedIndexes);
        assertEquals(
                Set.of(
                        KeysTableSchema.ALIASES_BY_KEY,
                        KeysTableSchema.ITEMS_BY_TYPE,
                        KeysTableSchema.KEYS_BY_DUE_TIME,
                        KeysTableSchema.GRANTS_BY_RETIRING_PRINCIPAL),
                deployedIndexes.keySet());
    }

    /** The API function has its own reserved concurrency (context reservedConcurrency); upkeep has none. */
    @Test
    void apiFunctionHasReservedConcurrencyAndUpkeepNone() {
        Map<String, Map<String, Object>> functions = api.findResources("AWS::Lambda::Function");
        List<Object> reserved = new ArrayList<>();
        functions.values().forEach(f -> {
            Map<String, Object> p = Synth.props(f);
            if (Synth.API_HANDLER.equals(p.get("Handler"))) {
                assertEquals(100, p.get("ReservedConcurrentExecutions"), "the default");
            } else if (p.get("ReservedConcurrentExecutions") != null) {
                reserved.add(p.get("Handler"));
            }
        });
        assertEquals(List.of(), reserved);

        Template custom = Template.fromStack(
                Synth.app(Map.of("reservedConcurrency", "250")).api());
        custom.hasResourceProperties(
                "AWS::Lambda::Function", Map.of("Handler", Synth.API_HANDLER, "ReservedConcurrentExecutions", 250));
        Template none = Template.fromStack(
                Synth.app(Map.of("reservedConcurrency", "none")).api());
        none.findResources("AWS::Lambda::Function")
                .values()
                .forEach(f -> assertFalse(Synth.props(f).containsKey("ReservedConcurrentExecutions"), f.toString()));
        for (String bad : List.of("0", "-5", "lots")) {
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> Synth.app(Map.of("reservedConcurrency", bad)));
            assertTrue(refused.getMessage().contains("reservedConcurrency"), refused.getMessage());
        }
    }

    @Test
    void apiFunctionRunsJava21WithSnapStartTracingAndAnAlias() {
        api.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Runtime",
                        "java21",
                        "Handler",
                        Synth.API_HANDLER,
                        "MemorySize",
                        2048,
                        "SnapStart",
                        Map.of("ApplyOn", "PublishedVersions"),
                        "TracingConfig",
                        Map.of("Mode", "Active")));
        api.hasResourceProperties(
                "AWS::Lambda::Alias",
                Map.of("Name", "live", "FunctionVersion", Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue()))));
        api.resourceCountIs("AWS::Lambda::Version", 1);
    }

    /**
     * lambda:InvokeFunction on the API function is full control of every key (an invoker writes the identity into
     * the event): only API Gateway may invoke it, for this API, and the function knows its API's id and stage.
     */
    @Test
    void onlyThisApiMayInvokeTheApiFunction() {
        String function = api.findResources("AWS::Lambda::Function").entrySet().stream()
                .filter(f -> Synth.API_HANDLER.equals(Synth.props(f.getValue()).get("Handler")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        Set<String> restApis = api.findResources("AWS::ApiGateway::RestApi").keySet();
        assertEquals(1, restApis.size());
        String restApi = restApis.iterator().next();
        Set<String> names = new TreeSet<>(Set.of(function));
        names.addAll(api.findResources("AWS::Lambda::Alias").keySet());
        names.addAll(api.findResources("AWS::Lambda::Version").keySet());

        List<Map<String, Object>> onApiFunction = new ArrayList<>();
        api.findResources("AWS::Lambda::Permission").values().forEach(p -> {
            String target = String.valueOf(Synth.props(p).get("FunctionName"));
            if (names.stream().anyMatch(target::contains)) {
                onApiFunction.add(Synth.props(p));
            }
        });
        assertEquals(1, onApiFunction.size(), "exactly one permission on the API function: " + onApiFunction);
        Map<String, Object> permission = onApiFunction.get(0);
        assertEquals("lambda:InvokeFunction", permission.get("Action"));
        assertEquals("apigateway.amazonaws.com", permission.get("Principal"));
        String sourceArn = String.valueOf(permission.get("SourceArn"));
        String stage =
                api.findResources("AWS::ApiGateway::Stage").keySet().iterator().next();
        assertTrue(
                sourceArn.contains(":execute-api:")
                        && sourceArn.contains("{Ref=" + restApi + "}, /, {Ref=" + stage + "}, /POST/"),
                sourceArn);

        // No identity policy in either stack grants invoke on it (nor lambda:* or *).
        for (Template template : List.of(api, stateful)) {
            template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
                String text = String.valueOf(Synth.props(policy).get("PolicyDocument"));
                for (String name : names) {
                    assertFalse(
                            text.contains(name) && text.contains("lambda:"),
                            "a policy names the API function: " + text);
                }
                assertFalse(text.contains("Action=lambda:*") || text.contains("Action=*,"), text);
            });
        }

        Synth.assertApiFunctionEnvironment(
                api, Map.of("KEYSMITH_API_ID", Map.of("Ref", restApi), "KEYSMITH_STAGE", "prod"));
    }

    /** Statements are least privilege; X-Ray's put actions are the one exception AWS leaves no choice on. */
    @Test
    @SuppressWarnings("unchecked")
    void functionPoliciesHaveNoWildcardActionsOrResources() {
        Map<String, Map<String, Object>> policies = api.findResources("AWS::IAM::Policy");
        assertFalse(policies.isEmpty());
        for (Map<String, Object> policy : policies.values()) {
            List<Map<String, Object>> statements = (List<Map<String, Object>>)
                    ((Map<String, Object>) Synth.props(policy).get("PolicyDocument")).get("Statement");
            for (Map<String, Object> statement : statements) {
                List<String> actions = statement.get("Action") instanceof List<?> list
                        ? (List<String>) list
                        : List.of((String) statement.get("Action"));
                actions.forEach(a -> assertFalse(a.equals("*") || a.endsWith(":*"), "wildcard action " + a));
                boolean xrayOnly = actions.stream()
                        .allMatch(a -> a.equals("xray:PutTraceSegments") || a.equals("xray:PutTelemetryRecords"));
                Object resource = statement.get("Resource");
                if (!xrayOnly) {
                    assertFalse(
                            "*".equals(resource) || (resource instanceof List<?> l && l.contains("*")),
                            "wildcard resource for " + actions);
                }
            }
        }
    }

    @Test
    void stageIsThrottledTracedAndLogged() {
        api.hasResourceProperties(
                "AWS::ApiGateway::Stage",
                Map.of(
                        "StageName",
                        "prod",
                        "TracingEnabled",
                        true,
                        "AccessLogSetting",
                        Match.objectLike(Map.of("Format", Match.stringLikeRegexp(".*requestId.*"))),
                        "MethodSettings",
                        Match.arrayWith(List.of(
                                Match.objectLike(Map.of("ThrottlingRateLimit", 100, "ThrottlingBurstLimit", 200))))));
    }

    @Test
    void alarmsAndDashboardArePresent() {
        Set<String> metrics = new TreeSet<>();
        api.findResources("AWS::CloudWatch::Alarm")
                .values()
                .forEach(a -> metrics.add(Synth.props(a).get("MetricName") + "/"
                        + Synth.props(a)
                                .getOrDefault("Statistic", Synth.props(a).get("ExtendedStatistic"))));
        assertEquals(
                Set.of(
                        "5XXError/Sum",
                        "Errors/Sum",
                        "Throttles/Sum",
                        "Latency/p99",
                        "RootKeyMissing/Sum",
                        "RootKeyUnreadable/Sum",
                        "RsaPoolMisses/Sum"),
                metrics);
        api.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void outputsNameTheEndpointAndTables() {
        assertTrue(api.findOutputs("EndpointUrl").size() == 1);
        assertTrue(stateful.findOutputs("KeysTableName").size() == 1);
        assertTrue(stateful.findOutputs("RootKeyTableName").size() == 1);
    }

    @Test
    void cdkNagAwsSolutionsChecksPass() {
        Synth.assertCdkNagPasses(stacks);
    }

    @Test
    void customerManagedTableEncryptionIsAnOption() {
        Template managed = Template.fromStack(
                Synth.app(Map.of("tableEncryption", "customer-managed")).stateful());
        managed.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of("SSESpecification", Match.objectLike(Map.of("SSEEnabled", true, "SSEType", "KMS"))));
        // One per table, and the root key's envelope key.
        managed.resourceCountIs("AWS::KMS::Key", 3);
    }
}
