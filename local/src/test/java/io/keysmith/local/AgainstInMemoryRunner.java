package io.keysmith.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * An IT class whose tests share one in-memory runner (in the root-key mode of the test run), started before the
 * first test and stopped after the last. A subclass's own {@code @BeforeAll} runs after the start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgainstInMemoryRunner {
    LocalKeysmith keysmith;
    /** The AWS SDK's client of the runner. */
    KmsClient kms;

    @BeforeAll
    void startRunner() throws Exception {
        keysmith = LocalKeysmith.inMemory();
        kms = keysmith.kms;
    }

    @AfterAll
    void stopRunner() {
        keysmith.close();
    }
}
