package io.keysmith.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsVersions;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * What a function needs to use the CloudHSM root key: the cluster's subnets, a security group the
 * cluster lets in on its client ports, the PKCS#11 library as a layer, the secrets extension, and
 * read access to the PIN secret.
 */
public final class CloudHsmAccess extends Construct {
    /** CloudHSM's client ports. */
    private static final Port HSM_PORTS = Port.tcpRange(2223, 2225);

    private final Settings.CloudHsm hsm;
    private final IVpc vpc;
    private final SubnetSelection subnets;
    private final SecurityGroup clientGroup;
    private final LayerVersion library;
    private final ISecret pin;

    public CloudHsmAccess(Construct scope, String id, Settings.CloudHsm hsm) {
        super(scope, id);
        this.hsm = hsm;
        vpc = Vpc.fromVpcAttributes(
                this,
                "Vpc",
                VpcAttributes.builder()
                        .vpcId(hsm.vpcId())
                        .availabilityZones(hsm.availabilityZones())
                        .privateSubnetIds(hsm.subnetIds())
                        .build());
        subnets = SubnetSelection.builder()
                .subnets(hsm.subnetIds().stream()
                        .map(s -> Subnet.fromSubnetId(this, "Subnet" + s, s))
                        .toList())
                .build();
        clientGroup = SecurityGroup.Builder.create(this, "HsmClient")
                .vpc(vpc)
                .description(
                        "Keysmith functions: to the CloudHSM cluster " + hsm.clusterId() + ", and HTTPS to AWS APIs")
                .allowAllOutbound(false)
                .build();
        ISecurityGroup cluster = SecurityGroup.fromSecurityGroupId(this, "ClusterGroup", hsm.securityGroupId());
        clientGroup.addEgressRule(Peer.securityGroupId(hsm.securityGroupId()), HSM_PORTS, "to the HSMs");
        clientGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "to DynamoDB, Secrets Manager, X-Ray and CloudWatch");
        cluster.addIngressRule(clientGroup, HSM_PORTS, "from the Keysmith functions");
        library = LayerVersion.Builder.create(this, "Pkcs11Library")
                .code(Code.fromAsset(hsm.pkcs11LayerPath()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .description("CloudHSM PKCS#11 library for Keysmith")
                .build();
        pin = Secret.fromSecretCompleteArn(this, "Pin", hsm.pinSecretArn());
    }

    /** Settings for a function that must reach the HSMs. */
    void configure(Function.Builder function) {
        function.vpc(vpc)
                .vpcSubnets(subnets)
                .securityGroups(List.of(clientGroup))
                .layers(List.of(library))
                .paramsAndSecrets(ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103));
    }

    Map<String, String> environment() {
        return Map.of(
                "ROOT_KEY_MODE",
                "pkcs11",
                // the root key's start-up checks read its attributes through the JDK's PKCS#11 wrapper
                "JAVA_TOOL_OPTIONS",
                "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED",
                "PKCS11_LIBRARY",
                hsm.pkcs11Library(),
                "ROOT_KEY_LABEL",
                hsm.keyLabel(),
                "PIN_SECRET_ARN",
                hsm.pinSecretArn(),
                "HSM_CLUSTER_ID",
                hsm.clusterId());
    }

    void grant(Function function) {
        pin.grantRead(function);
        NagSuppressions.addResourceSuppressions(
                function.getRole(),
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason(
                                "A function in a VPC needs AWSLambdaVPCAccessExecutionRole to manage its network interfaces.")
                        .build()),
                true);
    }
}
