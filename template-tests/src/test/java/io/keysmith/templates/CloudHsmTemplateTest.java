package io.keysmith.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The templates with rootKey=cloudhsm: the function in the cluster's subnets, the layer, the PIN secret. */
class CloudHsmTemplateTest extends SynthesizedApp {
    private static final String PIN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:keysmith-pin-AbCdEf";

    @Override
    Map<String, Object> context() throws Exception {
        return clusterContext();
    }

    private static Map<String, Object> clusterContext() throws Exception {
        Path layer = Files.createTempDirectory("cloudhsm-layer");
        Files.createDirectories(layer.resolve("cloudhsm/lib"));
        Files.writeString(layer.resolve("cloudhsm/lib/README"), "the CloudHSM PKCS#11 library goes here");
        Map<String, Object> context = new HashMap<>();
        context.put("rootKey", "cloudhsm");
        context.put("hsmClusterId", "cluster-abcdefghijk");
        context.put("vpcId", "vpc-0123456789abcdef0");
        context.put("subnetIds", "subnet-0aaa1111bbbb2222c,subnet-0ddd3333eeee4444f");
        context.put("availabilityZones", "eu-west-1a,eu-west-1b");
        context.put("hsmSecurityGroupId", "sg-0123456789abcdef0");
        context.put("pinSecretArn", PIN);
        context.put("pkcs11LayerPath", layer.toString());
        return context;
    }

    @Test
    void functionRunsInTheClusterSubnetsWithTheLibraryLayerAndPkcs11Settings() {
        api.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler", Synth.API_HANDLER,
                        "VpcConfig",
                                Map.of(
                                        "SubnetIds", List.of("subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"),
                                        "SecurityGroupIds",
                                                List.of(Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue())))),
                        "Layers",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of("Ref", Match.stringLikeRegexp(".*Pkcs11Library.*"))))),
                        "Environment",
                                Map.of(
                                        "Variables",
                                        Match.objectLike(
                                                Map.of(
                                                        "ROOT_KEY_MODE", "pkcs11",
                                                        "PIN_SECRET_ARN", PIN,
                                                        "PKCS11_LIBRARY", "/opt/cloudhsm/lib/libcloudhsm_pkcs11.so",
                                                        "HSM_CLUSTER_ID", "cluster-abcdefghijk",
                                                        "JAVA_TOOL_OPTIONS",
                                                                "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED")))));
        api.resourceCountIs("AWS::Lambda::LayerVersion", 1);
    }

    /** The HSM's PIN and logged-in sessions must not be captured in a SnapStart snapshot. */
    @Test
    void snapStartIsOffWithTheHsm() {
        api.findResources("AWS::Lambda::Function")
                .values()
                .forEach(f -> assertFalse(Synth.props(f).containsKey("SnapStart"), f.toString()));
    }

    @Test
    void securityGroupsOpenOnlyTheHsmPortsBetweenFunctionAndCluster() {
        api.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Map.of(
                        "SecurityGroupEgress",
                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "FromPort",
                                2223,
                                "ToPort",
                                2225,
                                "DestinationSecurityGroupId",
                                "sg-0123456789abcdef0"))))));
        api.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Map.of("GroupId", "sg-0123456789abcdef0", "FromPort", 2223, "ToPort", 2225, "IpProtocol", "tcp"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionMayReadThePinSecretAndThereIsNoRootKeyTable() {
        boolean readsPin = api.findResources("AWS::IAM::Policy").values().stream()
                .flatMap(p -> ((List<Map<String, Object>>)
                                ((Map<String, Object>) Synth.props(p).get("PolicyDocument")).get("Statement"))
                        .stream())
                .anyMatch(s -> PIN.equals(s.get("Resource"))
                        && String.valueOf(s.get("Action")).contains("secretsmanager:GetSecretValue"));
        assertTrue(readsPin, "no statement grants the PIN secret");
        assertEquals(
                List.of("KeysTable"),
                List.copyOf(stateful.findResources("AWS::DynamoDB::Table").keySet()));
        assertTrue(stateful.findOutputs("RootKeyTableName").isEmpty());
    }

    @Test
    void cdkNagAwsSolutionsChecksPass() {
        Synth.assertCdkNagPasses(stacks);
    }

    @Test
    void missingClusterSettingsAreRefusedByName() throws Exception {
        Map<String, Object> context = clusterContext();
        context.remove("pinSecretArn");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Synth.app(context));
        assertFalse(e.getMessage().isEmpty());
        assertTrue(e.getMessage().contains("pinSecretArn"), e.getMessage());
    }
}
