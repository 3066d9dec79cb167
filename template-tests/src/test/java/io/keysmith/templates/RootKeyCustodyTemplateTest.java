package io.keysmith.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keysmith.infra.KeysmithApp;
import io.keysmith.rootkey.DynamoDbRootKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The DynamoDB root key's custody in the templates: the envelope key (rotation on, retained), the
 * init custom resource, and least privilege: serving functions may only GetItem the root key's item
 * and Decrypt under its context; only the init function may PutItem and Encrypt.
 */
class RootKeyCustodyTemplateTest extends SynthesizedApp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> LEADING_KEY =
            Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(DynamoDbRootKey.ITEM_PK)));
    private static final Map<String, Object> CONTEXT = Map.of(
            "StringEquals",
            Map.of("kms:EncryptionContext:" + DynamoDbRootKey.CONTEXT_PURPOSE_KEY, DynamoDbRootKey.CONTEXT_PURPOSE));

    /** Every statement of the policies attached to the role whose logical id starts with {@code rolePrefix}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Template template, String rolePrefix) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> policy :
                template.findResources("AWS::IAM::Policy").values()) {
            List<Map<String, Object>> roles =
                    (List<Map<String, Object>>) Synth.props(policy).get("Roles");
            if (roles.stream().anyMatch(r -> String.valueOf(r.get("Ref")).startsWith(rolePrefix))) {
                out.addAll((List<Map<String, Object>>)
                        ((Map<String, Object>) Synth.props(policy).get("PolicyDocument")).get("Statement"));
            }
        }
        assertFalse(out.isEmpty(), "no policy for " + rolePrefix);
        return out;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<Map<String, Object>> naming(List<Map<String, Object>> statements, String resource) {
        return statements.stream()
                .filter(s -> json(s.get("Resource")).contains(resource))
                .toList();
    }

    private static void assertOnly(List<Map<String, Object>> statements, Object action, Map<String, Object> condition) {
        assertEquals(1, statements.size(), statements.toString());
        assertEquals(action, statements.get(0).get("Action"));
        assertEquals("Allow", statements.get(0).get("Effect"));
        assertEquals(condition, statements.get(0).get("Condition"));
    }

    @Test
    void theEnvelopeKeyIsCustomerManagedRotatedRetainedAndKeepsItsLogicalId() {
        Map<String, Object> key = stateful.findResources("AWS::KMS::Key").get("RootKeyEnvelopeKey");
        assertTrue(
                key != null,
                "no RootKeyEnvelopeKey: "
                        + stateful.findResources("AWS::KMS::Key").keySet());
        assertEquals(true, Synth.props(key).get("EnableKeyRotation"));
        assertEquals("Retain", key.get("DeletionPolicy"));
        assertEquals("Retain", key.get("UpdateReplacePolicy"));
        assertEquals(1, stateful.findOutputs("RootKeyKmsKeyArn").size());
    }

    /** The functions that read the root key: the API, upkeep, and the RSA pool's refill (which seals pairs). */
    private static final List<String> SERVING_ROLES =
            List.of("FunctionApiRole", "FunctionUpkeepRole", "FunctionRsaPoolRefillRole");

    @Test
    void servingFunctionsMayOnlyGetTheRootKeyItemAndDecryptUnderItsContext() {
        for (String role : SERVING_ROLES) {
            List<Map<String, Object>> statements = statements(api, role);
            assertOnly(naming(statements, "RootKeyTable"), "dynamodb:GetItem", LEADING_KEY);
            assertOnly(naming(statements, "RootKeyEnvelopeKey"), "kms:Decrypt", CONTEXT);
        }
        Synth.assertApiFunctionEnvironment(
                api,
                Map.of(
                        "ROOT_KEY_MODE", "dynamodb",
                        "ROOT_KEY_PROTECTION", "kms",
                        "ROOT_KEY_KMS_KEY_ARN",
                                Match.objectLike(
                                        Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RootKeyEnvelopeKey.*")))));
    }

    @Test
    void onlyTheInitFunctionMayPutTheItemAndEncrypt() {
        List<Map<String, Object>> init = statements(api, "RootKeyInitRole");
        assertOnly(naming(init, "RootKeyTable"), List.of("dynamodb:GetItem", "dynamodb:PutItem"), LEADING_KEY);
        assertOnly(naming(init, "RootKeyEnvelopeKey"), "kms:Encrypt", CONTEXT);
        // No other role (the provider framework's included) names the root key's table or its envelope key.
        for (Map<String, Object> policy : api.findResources("AWS::IAM::Policy").values()) {
            String text = json(policy);
            if (text.contains("RootKeyTable") || text.contains("RootKeyEnvelopeKey")) {
                assertTrue(
                        text.matches(
                                ".*\"(FunctionApiRole|FunctionUpkeepRole|FunctionRsaPoolRefillRole|RootKeyInitRole)"
                                        + "[^\"]*\".*"),
                        text);
            }
        }
    }

    @Test
    void theRootKeyIsCreatedByACustomResourceBeforeTheFunctionsDeploy() {
        Map<String, Map<String, Object>> resources = api.findResources("Custom::KeysmithRootKey");
        assertEquals(1, resources.size());
        String id = resources.keySet().iterator().next();
        // Its properties name the protection, so changing it updates the resource and the handler checks again.
        assertEquals("kms", Synth.props(resources.get(id)).get("Protection"));
        api.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler", "io.keysmith.lambda.InitRootKeyHandler::handleRequest",
                        "Runtime", "java21",
                        "Environment", Map.of("Variables", Match.objectLike(Map.of("ROOT_KEY_PROTECTION", "kms")))));
        Set<String> dependents = new TreeSet<>();
        api.findResources("AWS::Lambda::Function").forEach((name, function) -> {
            if (json(function.get("DependsOn")).contains(id)) {
                dependents.add(String.valueOf(Synth.props(function).get("Handler")));
            }
        });
        assertEquals(
                Set.of(
                        Synth.API_HANDLER,
                        "io.keysmith.lambda.UpkeepHandler::handleRequest",
                        "io.keysmith.lambda.RsaPoolRefillHandler::handleRequest"),
                dependents);
    }

    /** With customer-managed table encryption, DynamoDB needs the table's key too; read-only for serving functions. */
    @Test
    void customerManagedTableEncryptionGrantsTheTablesKeyToo() {
        Template managed = Template.fromStack(
                Synth.app(Map.of("tableEncryption", "customer-managed")).api());
        for (String role : SERVING_ROLES) {
            List<Map<String, Object>> onTableKey = statements(managed, role).stream()
                    .filter(s -> json(s.get("Resource")).contains("RootKeyTableKey"))
                    .toList();
            assertOnly(onTableKey, List.of("kms:Decrypt", "kms:DescribeKey"), null);
        }
        assertTrue(statements(managed, "RootKeyInitRole").stream()
                .anyMatch(s -> json(s.get("Resource")).contains("RootKeyTableKey")
                        && json(s.get("Action")).contains("kms:Encrypt")));
    }

    @Test
    void aMissingOrUnreadableRootKeyRaisesAnAlarm() {
        for (String metric : List.of(DynamoDbRootKey.MISSING, DynamoDbRootKey.UNREADABLE)) {
            api.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Map.of(
                            "Namespace",
                            "Keysmith",
                            "MetricName",
                            metric,
                            "Dimensions",
                            List.of(Map.of("Name", "Service", "Value", "keysmith")),
                            "Statistic",
                            "Sum",
                            "Threshold",
                            1));
        }
    }

    @Test
    void protectionNoneKeepsThePlainLayoutWithoutAnyKmsGrant() {
        KeysmithApp.Stacks plain = Synth.app(Map.of("rootKeyProtection", "none"));
        Template plainStateful = Template.fromStack(plain.stateful());
        Template plainApi = Template.fromStack(plain.api());
        plainStateful.resourceCountIs("AWS::KMS::Key", 0);
        assertTrue(plainStateful.findOutputs("RootKeyKmsKeyArn").isEmpty());
        Synth.assertApiFunctionEnvironment(plainApi, Map.of("ROOT_KEY_PROTECTION", "none"));
        for (String role : SERVING_ROLES) {
            List<Map<String, Object>> statements = statements(plainApi, role);
            assertOnly(naming(statements, "RootKeyTable"), "dynamodb:GetItem", LEADING_KEY);
            assertFalse(json(statements).contains("\"kms:"), json(statements));
        }
        assertOnly(
                naming(statements(plainApi, "RootKeyInitRole"), "RootKeyTable"),
                List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                LEADING_KEY);
        Synth.assertCdkNagPasses(plain);
    }

    @Test
    void anUnknownProtectionIsRefusedByName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Synth.app(Map.of("rootKeyProtection", "plain")));
        assertTrue(e.getMessage().contains("rootKeyProtection"), e.getMessage());
    }
}
