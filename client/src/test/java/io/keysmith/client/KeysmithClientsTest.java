package io.keysmith.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** The helper's requests are signed for execute-api, in the endpoint's region, and still speak KMS JSON. */
class KeysmithClientsTest {
    private static final class Stop extends RuntimeException {}

    @Test
    void requestsAreSignedForExecuteApi() {
        AtomicReference<String> authorization = new AtomicReference<>();
        AtomicReference<String> target = new AtomicReference<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                authorization.set(context.httpRequest()
                        .firstMatchingHeader("Authorization")
                        .orElse(null));
                target.set(context.httpRequest()
                        .firstMatchingHeader("X-Amz-Target")
                        .orElse(null));
                throw new Stop(); // nothing is sent
            }
        };
        try (KmsClient kms = KeysmithClients.builder(
                        URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/prod"),
                        Region.EU_WEST_1,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(capture))
                .build()) {
            assertThrows(
                    Stop.class,
                    () -> kms.generateDataKeyPair(r -> r.keyId("alias/app").keyPairSpec("ECC_NIST_P256")));
        }
        assertTrue(authorization.get().startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), authorization.get());
        assertTrue(authorization.get().contains("/eu-west-1/execute-api/aws4_request"), authorization.get());
        assertEquals("TrentService.GenerateDataKeyPair", target.get());
    }

    @Test
    void aPlainKmsClientWouldSignForKms() {
        AtomicReference<String> authorization = new AtomicReference<>();
        try (KmsClient kms = KmsClient.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        authorization.set(context.httpRequest()
                                .firstMatchingHeader("Authorization")
                                .orElse(null));
                        throw new Stop();
                    }
                }))
                .build()) {
            assertThrows(Stop.class, () -> kms.listKeys());
        }
        assertTrue(authorization.get().contains("/eu-west-1/kms/aws4_request"), "control: " + authorization.get());
    }
}
