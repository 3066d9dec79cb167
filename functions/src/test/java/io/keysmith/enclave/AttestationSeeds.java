package io.keysmith.enclave;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the attestation fuzz target's trust anchor and seeds (run by {@code io.keysmith.api.FuzzSeeds}):
 * a valid document untagged and tagged, and broken variants that stop at each stage of the check.
 */
public final class AttestationSeeds {
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
        TestAttestation pki = new TestAttestation();
        Path dir = testResources.resolve("io/keysmith/enclave");
        Files.createDirectories(dir);
        Files.write(dir.resolve("fuzz-trust-anchor.der"), pki.root.getEncoded());
        Path seeds = dir.resolve("AttestationFuzzTestInputs/attestationDocument");
        Files.createDirectories(seeds);
        byte[] valid = pki.document(false);
        Files.write(seeds.resolve("valid-untagged"), valid);
        Files.write(seeds.resolve("valid-tag-18"), pki.document(true));
        byte[] badSignature = valid.clone();
        badSignature[badSignature.length - 5] ^= 1;
        Files.write(seeds.resolve("bad-signature"), badSignature);
        Files.write(seeds.resolve("truncated"), Arrays.copyOf(valid, valid.length / 2));
        Files.write(seeds.resolve("trailing-byte"), Arrays.copyOf(valid, valid.length + 1));
    }
}
