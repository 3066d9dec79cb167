package io.keysmith.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
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

    /** The seed writer's documents, tagged and not, verify at the fuzz verifier's fixed time under their own root. */
    @Test
    void theSeedWritersDocumentsVerify() throws Exception {
        TestEnclave pki = new TestEnclave(AttestationSeeds.NOT_BEFORE, AttestationSeeds.NOT_AFTER);
        AttestationVerifier verifier =
                new AttestationVerifier(pki.root, Clock.fixed(AttestationFuzzTest.CLOCK, ZoneOffset.UTC));
        TestEnclave.Document tagged = pki.document();
        tagged.tag = CborDocument.COSE_SIGN1_TAG;
        for (byte[] document : List.of(TestEnclave.encode(pki.document()), TestEnclave.encode(tagged))) {
            assertEquals(
                    2048, verifier.verify(document).publicKey().getModulus().bitLength());
        }
    }
}
