package io.keysmith.lambda.aws;

import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyUnavailableException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The AWS KMS client of Keysmith's Lambda functions, for the root key's envelope: Encrypt and Decrypt only, through
 * {@link AwsJsonService} rather than the SDK's client. Any other operation throws {@link
 * UnsupportedOperationException} (the interface's default).
 */
public final class LeanKmsClient implements KmsClient {
    static final AwsJsonService.Protocol PROTOCOL = new AwsJsonService.Protocol(
            SERVICE_NAME, "application/x-amz-json-1.1", "TrentService.", LeanKmsClient::error);

    /** A switch rather than a map, so that a cold start loads only the exception classes it meets. */
    private static KmsException.Builder error(String code) {
        return switch (code) {
            case "NotFoundException" -> NotFoundException.builder();
            case "DisabledException" -> DisabledException.builder();
            case "KeyUnavailableException" -> KeyUnavailableException.builder();
            case "DependencyTimeoutException" -> DependencyTimeoutException.builder();
            case "InvalidKeyUsageException" -> InvalidKeyUsageException.builder();
            case "InvalidGrantTokenException" -> InvalidGrantTokenException.builder();
            case "InvalidCiphertextException" -> InvalidCiphertextException.builder();
            case "IncorrectKeyException" -> IncorrectKeyException.builder();
            case "KMSInternalException" -> KmsInternalException.builder();
            case "KMSInvalidStateException" -> KmsInvalidStateException.builder();
            case "DryRunOperationException" -> DryRunOperationException.builder();
            case "LimitExceededException" -> LimitExceededException.builder();
            case null, default -> KmsException.builder();
        };
    }

    private final AwsJsonService service;

    LeanKmsClient(AwsJsonService service) {
        this.service = service;
    }

    /** The client of a Lambda function: credentials and endpoint from the environment, as the SDK would take them. */
    public static LeanKmsClient fromEnvironment(String region, Map<String, String> env) {
        return new LeanKmsClient(AwsJsonService.fromEnvironment(PROTOCOL, region, env));
    }

    @Override
    public EncryptResponse encrypt(EncryptRequest request) {
        return service.call("Encrypt", request, EncryptResponse.builder(), EncryptResponse.class);
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
        return service.call("Decrypt", request, DecryptResponse.builder(), DecryptResponse.class);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // Nothing to release: HttpURLConnection's keep-alive cache is the JVM's.
    }
}
