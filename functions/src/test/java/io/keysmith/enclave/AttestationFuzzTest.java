package io.keysmith.enclave;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keysmith.core.errors.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The attestation parser: CBOR, COSE_Sign1, the payload's fields and the X.509 chain, on arbitrary
 * bytes. Every input is either a verified enclave or a ValidationException in the api's wording.
 * The seeds are documents from {@link TestEnclave}, signed under the committed trust anchor
 * {@code fuzz-trust-anchor.der}, and the verifier's clock is fixed inside their certificates' validity.
 */
class AttestationFuzzTest {
    static final Instant CLOCK = Instant.parse("2026-06-01T00:00:00Z");
    static final AttestationVerifier VERIFIER =
            new AttestationVerifier(trustAnchor(), Clock.fixed(CLOCK, ZoneOffset.UTC));
    private static final String PREFIX = "The attestation document in Recipient is not valid: ";

    @FuzzTest
    void attestationDocument(byte[] document) {
        try {
            VERIFIER.verify(document);
        } catch (ValidationException e) {
            if (!e.getMessage().startsWith(PREFIX)) {
                throw new AssertionError("a refusal in other words: " + e.getMessage());
            }
        }
    }

    static X509Certificate trustAnchor() {
        try (InputStream der = AttestationFuzzTest.class.getResourceAsStream("fuzz-trust-anchor.der")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(der);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
