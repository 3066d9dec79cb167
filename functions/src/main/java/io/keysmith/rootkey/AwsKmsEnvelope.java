package io.keysmith.rootkey;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The root key sealed under a customer-managed AWS KMS key (Encrypt/Decrypt with an encryption
 * context). Decrypt names the key, so a blob sealed under any other key does not open.
 */
public final class AwsKmsEnvelope implements RootKeyEnvelope {
    private final KmsClient kms;
    private final String keyId;

    public AwsKmsEnvelope(KmsClient kms, String keyId) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("the root key's KMS envelope needs a KMS key id or ARN");
        }
        this.kms = kms;
        this.keyId = keyId;
    }

    /** A client on the URL-connection HTTP client, credentials from the default chain; {@code endpoint} may be null. */
    public static AwsKmsEnvelope create(String region, URI endpoint, String keyId) {
        var builder = KmsClient.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new AwsKmsEnvelope(builder.build(), keyId);
    }

    @Override
    public String protection() {
        return KMS;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] seal(byte[] rootKey, Map<String, String> context) {
        // Unsafe: no copy of the root key that this method could not wipe; the caller wipes rootKey.
        return kms.encrypt(r -> r.keyId(keyId)
                        .plaintext(SdkBytes.fromByteArrayUnsafe(rootKey))
                        .encryptionContext(context))
                .ciphertextBlob()
                .asByteArray();
    }

    @Override
    public byte[] open(byte[] sealed, Map<String, String> context) {
        // Unsafe: the response's own array, so that the caller's wipe leaves no copy behind.
        return kms.decrypt(r -> r.keyId(keyId)
                        .ciphertextBlob(SdkBytes.fromByteArray(sealed))
                        .encryptionContext(context))
                .plaintext()
                .asByteArrayUnsafe();
    }
}
