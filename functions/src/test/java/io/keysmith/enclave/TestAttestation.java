package io.keysmith.enclave;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.keysmith.core.DataKeyPairSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in Nitro attestation PKI for the fuzz seeds: a P-384 root and intermediate, a leaf that signs
 * COSE_Sign1 documents with ES384, and an RSA enclave key. The certificates are valid from 2025 to 2036,
 * so that a verifier whose clock is fixed inside that span accepts a committed document for good. Documents
 * are written with Jackson's CBOR generator, not with the code under test.
 */
final class TestAttestation {
    static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2036-01-01T00:00:00Z");

    final KeyPair rootKeys = ecKeys();
    final X509Certificate root =
            certificate("CN=fuzz-nitro-root", rootKeys.getPublic(), "CN=fuzz-nitro-root", rootKeys.getPrivate(), true);
    final KeyPair intermediateKeys = ecKeys();
    final X509Certificate intermediate = certificate(
            "CN=fuzz-nitro-zonal", intermediateKeys.getPublic(), "CN=fuzz-nitro-root", rootKeys.getPrivate(), true);
    final KeyPair leafKeys = ecKeys();
    final X509Certificate leaf = certificate(
            "CN=i-fuzz-enc", leafKeys.getPublic(), "CN=fuzz-nitro-zonal", intermediateKeys.getPrivate(), false);
    final KeyPair enclaveKeys = rsaKeys();

    /** A document the verifier accepts; {@code tagged} puts CBOR tag 18 before the COSE_Sign1 array. */
    byte[] document(boolean tagged) throws IOException, GeneralSecurityException {
        byte[] protectedHeader = cbor(g -> {
            g.writeStartObject(null, 1);
            g.writeFieldId(1);
            g.writeNumber(-35);
            g.writeEndObject();
        });
        byte[] payload = cbor(g -> {
            g.writeStartObject();
            g.writeStringField("module_id", "i-0123456789abcdef0-enc0123456789abcdef");
            g.writeStringField("digest", "SHA384");
            g.writeFieldName("timestamp");
            g.writeNumber(NOT_BEFORE.toEpochMilli());
            g.writeFieldName("pcrs");
            g.writeStartObject();
            for (int pcr = 0; pcr < 3; pcr++) {
                g.writeFieldId(pcr);
                g.writeBinary(new byte[48]);
            }
            g.writeEndObject();
            g.writeFieldName("certificate");
            g.writeBinary(encoded(leaf));
            g.writeFieldName("cabundle");
            g.writeStartArray(null, 2);
            g.writeBinary(encoded(root));
            g.writeBinary(encoded(intermediate));
            g.writeEndArray();
            g.writeFieldName("public_key");
            g.writeBinary(enclaveKeys.getPublic().getEncoded());
            g.writeFieldName("user_data");
            g.writeNull();
            g.writeFieldName("nonce");
            g.writeNull();
            g.writeEndObject();
        });
        byte[] toBeSigned = cbor(g -> {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]);
            g.writeBinary(payload);
            g.writeEndArray();
        });
        Signature es384 = Signature.getInstance("SHA384withECDSAinP1363Format");
        es384.initSign(leafKeys.getPrivate());
        es384.update(toBeSigned);
        byte[] signature = es384.sign();
        return cbor(g -> {
            if (tagged) {
                g.writeTag(CborDocument.COSE_SIGN1_TAG);
            }
            g.writeStartArray(null, 4);
            g.writeBinary(protectedHeader);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeBinary(payload);
            g.writeBinary(signature);
            g.writeEndArray();
        });
    }

    private interface Writer {
        void write(CBORGenerator generator) throws IOException;
    }

    private static byte[] cbor(Writer writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = new CBORFactory().createGenerator(out)) {
            writer.write(generator);
        }
        return out.toByteArray();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(
            String subject, PublicKey key, String issuer, PrivateKey issuerKey, boolean ca) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    BigInteger.valueOf(subject.hashCode() & 0x7fffffffL),
                    Date.from(NOT_BEFORE),
                    Date.from(NOT_AFTER),
                    new X500Name(subject),
                    key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA384withECDSA")
                            .setProvider(DataKeyPairSpec.BOUNCY_CASTLE)
                            .build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
