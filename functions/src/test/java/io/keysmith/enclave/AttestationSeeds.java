package io.keysmith.enclave;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes the attestation fuzz target's trust anchor and seeds (run by {@code io.keysmith.api.FuzzSeeds}):
 * a valid document untagged and tagged, and broken variants that stop at each stage of the check.
 */
public final class AttestationSeeds {
    /**
     * The span of the seed documents' certificates: the verifier's clock is fixed inside it, so that it accepts
     * the committed documents for good.
     */
    static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");

    static final Instant NOT_AFTER = Instant.parse("2036-01-01T00:00:00Z");

    private AttestationSeeds() {}

    /** The verifier of the attestation target, for the request target: it accepts the committed documents. */
    public static AttestationVerifier verifier() {
        return AttestationFuzzTest.VERIFIER;
    }

    /** The committed valid document (untagged), for seeds of the request target. */
    public static byte[] validDocument() throws Exception {
        return Files.readAllBytes(Path.of(AttestationSeeds.class
                .getResource("AttestationFuzzTestInputs/attestationDocument/valid-untagged")
                .toURI()));
    }

    public static void write(Path testResources) throws Exception {
        TestEnclave pki = new TestEnclave(NOT_BEFORE, NOT_AFTER);
        Path dir = testResources.resolve("io/keysmith/enclave");
        Files.createDirectories(dir);
        Files.write(dir.resolve("fuzz-trust-anchor.der"), pki.root.getEncoded());
        Path seeds = dir.resolve("AttestationFuzzTestInputs/attestationDocument");
        Files.createDirectories(seeds);
        byte[] valid = TestEnclave.encode(pki.document());
        Files.write(seeds.resolve("valid-untagged"), valid);
        TestEnclave.Document tagged = pki.document();
        tagged.tag = CborDocument.COSE_SIGN1_TAG;
        Files.write(seeds.resolve("valid-tag-18"), TestEnclave.encode(tagged));
        byte[] badSignature = valid.clone();
        badSignature[badSignature.length - 5] ^= 1;
        Files.write(seeds.resolve("bad-signature"), badSignature);
        Files.write(seeds.resolve("truncated"), Arrays.copyOf(valid, valid.length / 2));
        Files.write(seeds.resolve("trailing-byte"), Arrays.copyOf(valid, valid.length + 1));
    }
}
