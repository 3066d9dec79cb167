package io.keysmith.infra;

import java.util.Arrays;
import java.util.List;
import software.constructs.Node;

/**
 * Deployment settings, from CDK context ({@code cdk deploy -c name=value} or cdk.json).
 *
 * @param rootKey         {@code dynamodb} (default) or {@code cloudhsm}
 * @param stageName       the API Gateway stage
 * @param throttleRate    steady requests per second for the stage
 * @param throttleBurst   burst requests for the stage
 * @param tableEncryption {@code aws-owned} (default) or {@code customer-managed}
 * @param lambdaJar       the function's deployment jar, built by Maven
 * @param hsm             the CloudHSM settings, in cloudhsm mode only
 * @param rootKeyProtection {@code kms} (default): the DynamoDB root key sealed under a customer-managed
 *                        KMS key; {@code none}: its bytes plain in the table (weaker)
 * @param reservedConcurrency the API function's reserved concurrency, or null ({@code none}) for none
 * @param servicePolicy   the service policy document, read at synth time from the file the context value names
 *                        ({@code -c servicePolicyFile=FILE}); null (none given) for Keysmith's default one
 * @param keyCacheTtlSeconds how long a warm API function keeps a key it read (metadata and opened material), in
 *                        whole seconds; 0 turns the cache off ({@code KEY_CACHE_TTL_SECONDS})
 */
public record Settings(
        String rootKey,
        String stageName,
        double throttleRate,
        int throttleBurst,
        String tableEncryption,
        String lambdaJar,
        CloudHsm hsm,
        String rootKeyProtection,
        Integer reservedConcurrency,
        String servicePolicy,
        int keyCacheTtlSeconds) {

    public static final String DEFAULT_RESERVED_CONCURRENCY = "100";

    /** The function's own default (KeysmithSettings.DEFAULT_KEY_CACHE_TTL) and limit, kept in step here. */
    public static final String DEFAULT_KEY_CACHE_TTL_SECONDS = "5";

    static final int MAX_KEY_CACHE_TTL_SECONDS = 3600;

    /** Lambda's limit on all environment variables together is 4 KB: the policy must leave room for the others. */
    static final int MAX_SERVICE_POLICY_BYTES = 3072;

    public static final String DEFAULT_LAMBDA_JAR = "functions/target/keysmith-functions-0.1.0-SNAPSHOT-lambda.jar";

    /**
     * The CloudHSM cluster that holds the root key, and how the function reaches it.
     *
     * @param clusterId         the CloudHSM cluster
     * @param vpcId             the cluster's VPC
     * @param subnetIds         subnets the function runs in, with routes to the HSMs, DynamoDB and Secrets Manager
     * @param availabilityZones the subnets' zones, in the same order
     * @param securityGroupId   the cluster's security group; the function's group is let in on 2223-2225
     * @param pinSecretArn      the Secrets Manager secret holding the crypto user's PIN
     * @param pkcs11LayerPath   a directory or zip with the CloudHSM PKCS#11 library, published as a layer
     * @param pkcs11Library     the library's path inside the layer
     * @param keyLabel          the root key's label on the HSM
     */
    public record CloudHsm(
            String clusterId,
            String vpcId,
            List<String> subnetIds,
            List<String> availabilityZones,
            String securityGroupId,
            String pinSecretArn,
            String pkcs11LayerPath,
            String pkcs11Library,
            String keyLabel) {}

    public boolean cloudHsm() {
        return hsm != null;
    }

    public static Settings from(Node node) {
        String rootKey = text(node, "rootKey", "dynamodb");
        CloudHsm hsm = switch (rootKey) {
            case "dynamodb" -> null;
            case "cloudhsm" ->
                new CloudHsm(
                        required(node, "hsmClusterId"),
                        required(node, "vpcId"),
                        list(required(node, "subnetIds")),
                        list(required(node, "availabilityZones")),
                        required(node, "hsmSecurityGroupId"),
                        required(node, "pinSecretArn"),
                        required(node, "pkcs11LayerPath"),
                        text(node, "pkcs11Library", "/opt/cloudhsm/lib/libcloudhsm_pkcs11.so"),
                        text(node, "rootKeyLabel", "keysmith-root"));
            default ->
                throw new IllegalArgumentException("context rootKey must be dynamodb or cloudhsm, not " + rootKey);
        };
        Settings settings = new Settings(
                rootKey,
                text(node, "stageName", "prod"),
                Double.parseDouble(text(node, "throttleRate", "100")),
                Integer.parseInt(text(node, "throttleBurst", "200")),
                text(node, "tableEncryption", "aws-owned"),
                text(node, "lambdaJar", DEFAULT_LAMBDA_JAR),
                hsm,
                text(node, "rootKeyProtection", "kms"),
                reservedConcurrency(text(node, "reservedConcurrency", DEFAULT_RESERVED_CONCURRENCY)),
                servicePolicy(text(node, "servicePolicyFile", null)),
                keyCacheTtlSeconds(text(node, "keyCacheTtlSeconds", DEFAULT_KEY_CACHE_TTL_SECONDS)));
        settings.check();
        return settings;
    }

    /** The DynamoDB root key is sealed under a KMS key of the stateful stack. */
    public boolean rootKeyEnvelope() {
        return !cloudHsm() && rootKeyProtection.equals("kms");
    }

    private void check() {
        if (!rootKeyProtection.equals("kms") && !rootKeyProtection.equals("none")) {
            throw new IllegalArgumentException(
                    "context rootKeyProtection must be kms or none, not " + rootKeyProtection);
        }
        if (!tableEncryption.equals("aws-owned") && !tableEncryption.equals("customer-managed")) {
            throw new IllegalArgumentException("context tableEncryption must be aws-owned or customer-managed");
        }
        if (throttleRate <= 0 || throttleBurst <= 0) {
            throw new IllegalArgumentException("throttleRate and throttleBurst must be positive");
        }
        if (hsm != null && hsm.subnetIds().size() != hsm.availabilityZones().size()) {
            throw new IllegalArgumentException("context subnetIds and availabilityZones must have the same length");
        }
    }

    private static int keyCacheTtlSeconds(String value) {
        try {
            int seconds = Integer.parseInt(value.strip());
            if (seconds >= 0 && seconds <= MAX_KEY_CACHE_TTL_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("context keyCacheTtlSeconds must be a whole number of seconds from 0 to "
                + MAX_KEY_CACHE_TTL_SECONDS + ", not " + value);
    }

    private static Integer reservedConcurrency(String value) {
        if (value.equals("none")) {
            return null;
        }
        try {
            int reserved = Integer.parseInt(value);
            if (reserved > 0) {
                return reserved;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(
                "context reservedConcurrency must be a positive integer or none, not " + value);
    }

    /** The document in the file, as it is: the function parses and checks it when it starts. */
    private static String servicePolicy(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        String document;
        try {
            document = java.nio.file.Files.readString(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("context servicePolicyFile " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (document.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SERVICE_POLICY_BYTES) {
            throw new IllegalArgumentException("context servicePolicyFile " + file + " is larger than "
                    + MAX_SERVICE_POLICY_BYTES + " bytes, too large for the function's environment");
        }
        return document;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String required(Node node, String name) {
        Object value = node.tryGetContext(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("context " + name + " is required when rootKey is cloudhsm");
        }
        return value.toString();
    }

    private static String text(Node node, String name, String fallback) {
        Object value = node.tryGetContext(name);
        return value == null ? fallback : value.toString();
    }
}
