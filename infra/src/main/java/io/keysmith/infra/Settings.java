package io.keysmith.infra;

import software.constructs.Node;

/**
 * Deployment settings, from CDK context ({@code cdk deploy -c name=value} or cdk.json).
 *
 * @param rootKey      where the root key lives: {@code dynamodb}
 * @param stageName    the API Gateway stage
 * @param throttleRate steady requests per second for the stage
 * @param throttleBurst burst requests for the stage
 * @param tableEncryption {@code aws-owned} (default) or {@code customer-managed}
 * @param lambdaJar    the function's deployment jar, built by Maven
 */
public record Settings(String rootKey, String stageName, double throttleRate, int throttleBurst,
                       String tableEncryption, String lambdaJar) {

    public static final String DEFAULT_LAMBDA_JAR = "functions/target/keysmith-functions-0.1.0-SNAPSHOT-lambda.jar";

    public static Settings from(Node node) {
        Settings settings = new Settings(
                text(node, "rootKey", "dynamodb"),
                text(node, "stageName", "prod"),
                Double.parseDouble(text(node, "throttleRate", "100")),
                Integer.parseInt(text(node, "throttleBurst", "200")),
                text(node, "tableEncryption", "aws-owned"),
                text(node, "lambdaJar", DEFAULT_LAMBDA_JAR));
        settings.check();
        return settings;
    }

    private void check() {
        if (!rootKey.equals("dynamodb")) {
            throw new IllegalArgumentException("context rootKey must be dynamodb, not " + rootKey);
        }
        if (!tableEncryption.equals("aws-owned") && !tableEncryption.equals("customer-managed")) {
            throw new IllegalArgumentException("context tableEncryption must be aws-owned or customer-managed");
        }
        if (throttleRate <= 0 || throttleBurst <= 0) {
            throw new IllegalArgumentException("throttleRate and throttleBurst must be positive");
        }
    }

    private static String text(Node node, String name, String fallback) {
        Object value = node.tryGetContext(name);
        return value == null ? fallback : value.toString();
    }
}
