package io.keysmith.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed valid documents still verify under the committed trust anchor, so fuzzing starts past the signature. */
class AttestationFuzzSeedsTest {
    @Test
    void theValidSeedsVerify() throws Exception {
        Path seeds = Path.of(getClass()
                .getResource("AttestationFuzzTestInputs/attestationDocument")
                .toURI());
        for (String name : new String[] {"valid-untagged", "valid-tag-18"}) {
            EnclaveRecipient enclave = AttestationFuzzTest.VERIFIER.verify(Files.readAllBytes(seeds.resolve(name)));
            assertEquals(2048, enclave.publicKey().getModulus().bitLength(), name);
        }
    }
}
