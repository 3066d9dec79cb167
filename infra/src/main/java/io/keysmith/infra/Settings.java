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
 * @param rsaPool         the RSA pool's sizes in the keys table ({@code -c rsaPool=2048=16,3072=8,4096=64}, the
 *                        default), as the functions read them from RSA_POOL; {@code 0} for no pool
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
        String rsaPool,
        int keyCacheTtlSeconds) {

    /** The same default and syntax as the local runner's --rsa-pool (io.keysmith.core.RsaPoolSizes). */
    public static final String DEFAULT_RSA_POOL = "2048=16,3072=8,4096=64";

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
                rsaPool(text(node, "rsaPool", DEFAULT_RSA_POOL)),
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

    /** The pooled specs ({@code RSA_2048}...) and their sizes, in spec order; empty for no pool. */
    public java.util.Map<String, Integer> rsaPoolSizes() {
        java.util.Map<String, Integer> sizes = new java.util.TreeMap<>();
        if (!rsaPool.equals("0")) {
            for (String entry : rsaPool.split(",", -1)) {
                String[] parts = entry.split("=", -1);
                int size = Integer.parseInt(parts[1]);
                if (size > 0) {
                    sizes.put("RSA_" + parts[0], size);
                }
            }
        }
        return sizes;
    }

    /** Checked here as the functions check it, so that a bad value stops the synth rather than the functions. */
    private static String rsaPool(String value) {
        if (!value.equals("0") && !value.matches("(2048|3072|4096)=\\d{1,3}(,(2048|3072|4096)=\\d{1,3}){0,2}")) {
            throw new IllegalArgumentException("context rsaPool must be 0, or BITS=COUNT pairs separated by commas "
                    + "with BITS 2048, 3072 or 4096 and COUNT 0 to 999, such as " + DEFAULT_RSA_POOL + "; not "
                    + value);
        }
        long distinct = java.util.Arrays.stream(value.split(",", -1))
                .map(e -> e.split("=", -1)[0])
                .distinct()
                .count();
        if (!value.equals("0") && distinct != value.split(",", -1).length) {
            throw new IllegalArgumentException("context rsaPool names a size twice: " + value);
        }
        return value;
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
