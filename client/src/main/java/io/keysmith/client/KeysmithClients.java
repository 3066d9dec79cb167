package io.keysmith.client;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.auth.scheme.KmsAuthSchemeProvider;

/**
 * AWS SDK v2 {@link KmsClient}s for a deployed Keysmith. API Gateway with AWS_IAM authorisation
 * verifies SigV4 signatures made for the service name {@code execute-api}, not {@code kms}, so the
 * client keeps KMS's auth scheme and overrides only its signing name.
 */
public final class KeysmithClients {
    static final String SIGNING_NAME = "execute-api";

    private KeysmithClients() {}

    /** A client for the Keysmith API at {@code endpoint}, for example the stack's EndpointUrl output. */
    public static KmsClient kms(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return builder(endpoint, region, credentials).build();
    }

    /** The same, as a builder, for callers who want to add their own settings. */
    public static KmsClientBuilder builder(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        KmsAuthSchemeProvider kmsDefault = KmsAuthSchemeProvider.defaultProvider();
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(params -> signingForApiGateway(kmsDefault.resolveAuthScheme(params)));
    }

    private static List<AuthSchemeOption> signingForApiGateway(List<AuthSchemeOption> options) {
        return options.stream()
                .map(option -> option.toBuilder()
                        .putSignerProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                        .build())
                .toList();
    }
}
