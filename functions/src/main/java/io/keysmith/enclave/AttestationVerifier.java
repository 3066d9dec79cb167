package io.keysmith.enclave;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.errors.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Nitro Enclaves attestation document: a COSE_Sign1 (untagged, or CBOR tag 18) signed with ES384 by
 * the leaf {@code certificate}, whose chain runs through {@code cabundle} to the trust anchor (the
 * AWS Nitro Enclaves Root-G1 certificate unless configured otherwise), every certificate valid now,
 * the required fields well formed, and an RSA {@code public_key} of 2048 bits or more.
 */
public final class AttestationVerifier {
    private static final int ES384 = -35;
    private static final int MIN_RSA_BITS = 2048;
    private static final Set<Integer> PCR_LENGTHS = Set.of(32, 48, 64);
    private static final String AWS_ROOT = "aws-nitro-enclaves-root-g1.pem";

    private final X509Certificate trustAnchor;
    private final Clock clock;

    public AttestationVerifier(X509Certificate trustAnchor, Clock clock) {
        this.trustAnchor = trustAnchor;
        this.clock = clock;
    }

    /** Trusting the AWS Nitro Enclaves Root-G1 certificate, shipped with Keysmith. */
    public static AttestationVerifier awsNitroRoot(Clock clock) {
        try (InputStream pem = AttestationVerifier.class.getResourceAsStream(AWS_ROOT)) {
            return new AttestationVerifier(certificate(pem.readAllBytes()), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trusting the certificate in a PEM or DER file instead: for tests and private CAs. */
    public static AttestationVerifier trusting(Path anchor, Clock clock) {
        try {
            return new AttestationVerifier(certificate(Files.readAllBytes(anchor)), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the enclave trust anchor " + anchor, e);
        }
    }

    public X509Certificate trustAnchor() {
        return trustAnchor;
    }

    /** The enclave the document attests, or a ValidationException that says what is wrong with it. */
    public EnclaveRecipient verify(byte[] document) {
        try {
            return check(document);
        } catch (AttestationException e) {
            throw e.toValidationException();
        }
    }

    private EnclaveRecipient check(byte[] document) {
        JsonNode cose = CborDocument.readCoseSign1(document);
        if (cose.size() != 4
                || !cose.get(0).isBinary()
                || !cose.get(1).isObject()
                || !cose.get(2).isBinary()
                || !cose.get(3).isBinary()) {
            throw new AttestationException(
                    "its COSE_Sign1 structure is not [protected, unprotected, payload, signature]");
        }
        byte[] protectedHeader = bytes(cose.get(0));
        byte[] payload = bytes(cose.get(2));
        byte[] signature = bytes(cose.get(3));
        JsonNode header = CborDocument.read(protectedHeader, "protected header");
        if (header.path("1").asInt(0) != ES384) {
            throw new AttestationException("it is not signed with ES384 (COSE algorithm -35)");
        }
        JsonNode fields = CborDocument.read(payload, "payload");
        if (!fields.isObject()) {
            throw new AttestationException("its payload is not a map");
        }
        requireText(fields, "module_id");
        if (!"SHA384".equals(fields.path("digest").asText())) {
            throw new AttestationException("its digest is not SHA384");
        }
        if (!fields.path("timestamp").canConvertToLong()
                || fields.path("timestamp").asLong() <= 0) {
            throw new AttestationException("its timestamp is missing or not a positive integer");
        }
        checkPcrs(fields.get("pcrs"));
        X509Certificate leaf = certificateField(fields.get("certificate"), "certificate");
        List<X509Certificate> bundle = cabundle(fields.get("cabundle"));
        validateChain(leaf, bundle);
        verifySignature(leaf, protectedHeader, payload, signature);
        return new EnclaveRecipient(rsaPublicKey(fields.get("public_key")), pcrValues(fields.get("pcrs")));
    }

    private static void requireText(JsonNode fields, String name) {
        if (!fields.path(name).isTextual() || fields.path(name).asText().isEmpty()) {
            throw new AttestationException("its " + name + " is missing or empty");
        }
    }

    private static void checkPcrs(JsonNode pcrs) {
        if (pcrs == null || !pcrs.isObject() || pcrs.isEmpty() || pcrs.size() > 32) {
            throw new AttestationException("its pcrs are missing or not a map of 1 to 32 entries");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = pcrs.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> pcr = entries.next();
            if (!pcr.getKey().matches("\\d{1,2}")
                    || !pcr.getValue().isBinary()
                    || !PCR_LENGTHS.contains(bytes(pcr.getValue()).length)) {
                throw new AttestationException("its PCR " + pcr.getKey() + " is not a 32, 48 or 64-byte string");
            }
        }
    }

    /** The checked PCRs by index, each as lower-case hex: the values policy conditions compare. */
    private static Map<Integer, String> pcrValues(JsonNode pcrs) {
        Map<Integer, String> values = new java.util.TreeMap<>();
        pcrs.fields()
                .forEachRemaining(pcr -> values.put(
                        Integer.valueOf(pcr.getKey()), java.util.HexFormat.of().formatHex(bytes(pcr.getValue()))));
        return values;
    }

    private static List<X509Certificate> cabundle(JsonNode cabundle) {
        if (cabundle == null || !cabundle.isArray() || cabundle.isEmpty()) {
            throw new AttestationException("its cabundle is missing or empty");
        }
        List<X509Certificate> bundle = new ArrayList<>();
        for (JsonNode certificate : cabundle) {
            bundle.add(certificateField(certificate, "cabundle entry"));
        }
        return bundle;
    }

    /** cabundle runs from the root to the leaf's issuer; the path is the leaf and then back up to, not including, the root. */
    private void validateChain(X509Certificate leaf, List<X509Certificate> bundle) {
        List<X509Certificate> path = new ArrayList<>(List.of(leaf));
        for (int i = bundle.size() - 1; i >= 1; i--) {
            path.add(bundle.get(i));
        }
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trustAnchor, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            if (e.getCause() instanceof CertificateExpiredException
                    || e.getCause() instanceof CertificateNotYetValidException) {
                throw new AttestationException("a certificate in its chain is expired or not yet valid");
            }
            throw new AttestationException("its certificate chain does not lead to the trusted root");
        } catch (GeneralSecurityException e) {
            throw new AttestationException("its certificate chain cannot be checked");
        }
    }

    private static void verifySignature(
            X509Certificate leaf, byte[] protectedHeader, byte[] payload, byte[] signature) {
        PublicKey key = leaf.getPublicKey();
        if (!(key instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != 384) {
            throw new AttestationException("its certificate does not hold a P-384 key");
        }
        if (!es384Verifies(key, CborDocument.sigStructure(protectedHeader, payload), signature)) {
            throw new AttestationException("its signature does not verify");
        }
    }

    /** ES384 as COSE carries it: a raw 96-byte r || s over SHA-384. Wycheproof's vectors run through this. */
    static boolean es384Verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature es384 = Signature.getInstance("SHA384withECDSAinP1363Format");
            es384.initVerify(key);
            es384.update(message);
            return signature.length == 96 && es384.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static RSAPublicKey rsaPublicKey(JsonNode field) {
        if (field == null || !field.isBinary()) {
            throw new AttestationException("it has no public_key");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(bytes(field)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AttestationException("its public_key is not an RSA SubjectPublicKeyInfo");
        }
        RSAPublicKey rsa = (RSAPublicKey) key;
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new AttestationException("its public_key is an RSA key of "
                    + rsa.getModulus().bitLength() + " bits; 2048 or more are required");
        }
        return rsa;
    }

    private static X509Certificate certificateField(JsonNode field, String name) {
        if (field == null || !field.isBinary()) {
            throw new AttestationException("its " + name + " is missing");
        }
        try {
            return certificate(bytes(field));
        } catch (IllegalArgumentException e) {
            throw new AttestationException("its " + name + " is not an X.509 certificate");
        }
    }

    private static X509Certificate certificate(byte[] encoded) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 certificate", e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new AttestationException("it holds a value that is not a byte string where one is required");
        }
    }

    /** For the api: a document too broken to be parsed is still only a ValidationException. */
    public static ValidationException missingDocument() {
        return new ValidationException("Recipient requires an AttestationDocument.");
    }
}
