package io.keysmith.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** A local runner on a free port, and the real AWS SDK KMS client pointed at it. */
final class LocalKeysmith implements AutoCloseable {
    final LocalRunner runner;
    final KmsClient kms;

    LocalKeysmith(LocalRunner runner) {
        this.runner = runner;
        this.kms = KmsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** In the root-key mode of this test run (see {@link TestSoftHsm#options}). */
    static LocalKeysmith inMemory() throws IOException {
        return new LocalKeysmith(LocalRunner.start(TestSoftHsm.options(true, Options.defaults().dataDir())));
    }

    static LocalKeysmith onDisk(Path dataDir) throws IOException {
        return new LocalKeysmith(LocalRunner.start(TestSoftHsm.options(false, dataDir)));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + runner.port());
    }

    @Override
    public void close() {
        kms.close();
        runner.close();
    }
}
