package io.keysmith.enclave;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.keysmith.core.DataKeyPairSpec;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in for a Nitro enclave and its attestation PKI: a root CA and an intermediate (P-384),
 * a leaf that signs COSE_Sign1 documents with ES384, and the enclave's RSA key pair.
 * Documents are encoded with Jackson's CBOR generator, independently of the code under test.
 */
public final class TestEnclave {
    public final KeyPair rootKeys = ecKeys();
    public final X509Certificate root;
    public final KeyPair intermediateKeys = ecKeys();
    public final X509Certificate intermediate;
    public final KeyPair leafKeys = ecKeys();
    public final X509Certificate leaf;
    public final KeyPair enclaveKeys = rsaKeys(2048);
    /** When documents say they were made; null: when they are encoded. */
    private final Instant documentTime;

    /** Certificates valid around now (the leaf, as a real one, for hours only), and documents made now. */
    public TestEnclave() {
        this(Instant.now());
    }

    private TestEnclave(Instant now) {
        this(
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)),
                now.plus(Duration.ofDays(30)),
                now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofHours(3)),
                null);
    }

    /**
     * Every certificate valid from {@code notBefore} to {@code notAfter}, and documents made at {@code notBefore}:
     * a verifier whose clock is fixed inside that span accepts a document for good (the fuzz seeds).
     */
    public TestEnclave(Instant notBefore, Instant notAfter) {
        this(notBefore, notAfter, notAfter, notBefore, notAfter, notBefore);
    }

    private TestEnclave(
            Instant caNotBefore,
            Instant rootNotAfter,
            Instant intermediateNotAfter,
            Instant leafNotBefore,
            Instant leafNotAfter,
            Instant documentTime) {
        root = certificate(
                "CN=test-nitro-root",
                rootKeys.getPublic(),
                "CN=test-nitro-root",
                rootKeys.getPrivate(),
                caNotBefore,
                rootNotAfter,
                true);
        intermediate = certificate(
                "CN=test-nitro-zonal",
                intermediateKeys.getPublic(),
                "CN=test-nitro-root",
                rootKeys.getPrivate(),
                caNotBefore,
                intermediateNotAfter,
                true);
        leaf = leafCertificate(leafNotBefore, leafNotAfter);
        this.documentTime = documentTime;
    }

    public X509Certificate leafCertificate(Instant notBefore, Instant notAfter) {
        return certificate(
                "CN=i-test-enc",
                leafKeys.getPublic(),
                "CN=test-nitro-zonal",
                intermediateKeys.getPrivate(),
                notBefore,
                notAfter,
                false);
    }

    public String rootPem() throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(root.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    public String enclavePrivateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder()
                        .encodeToString(enclaveKeys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** What a document is made of; each test changes one part to break it. */
    public static final class Document {
        public int algorithm = -35;
        public byte[] publicKey;
        public X509Certificate certificate;
        public PrivateKey signer;
        public List<X509Certificate> cabundle = new ArrayList<>();
        public boolean corruptSignature;
        public String digest = "SHA384";
        /** The CBOR tag before the COSE_Sign1 array; null sends it untagged, as the Nitro Security Module does. */
        public Integer tag;
        /** When the document says it was made; null: when it is encoded. */
        public Instant timestamp;
        /** PCR0, the enclave image's SHA-384 ({@code kms:RecipientAttestation:ImageSha384}); PCRs 1 to 3 are zero. */
        public byte[] imageSha384 = new byte[48];
    }

    /** A document the verifier accepts. */
    public Document document() {
        Document d = new Document();
        d.publicKey = enclaveKeys.getPublic().getEncoded();
        d.certificate = leaf;
        d.signer = leafKeys.getPrivate();
        d.cabundle.add(root);
        d.cabundle.add(intermediate);
        d.timestamp = documentTime;
        return d;
    }

    public static byte[] encode(Document d) throws Exception {
        byte[] protectedHeader = cbor(g -> {
            g.writeStartObject(null, 1); // definite length, as the Nitro Security Module writes it
            g.writeFieldId(1);
            g.writeNumber(d.algorithm);
            g.writeEndObject();
        });
        byte[] payload = cbor(g -> {
            g.writeStartObject();
            g.writeStringField("module_id", "i-0123456789abcdef0-enc0123456789abcdef");
            g.writeStringField("digest", d.digest);
            g.writeFieldName("timestamp");
            g.writeNumber((d.timestamp == null ? Instant.now() : d.timestamp).toEpochMilli());
            g.writeFieldName("pcrs");
            g.writeStartObject();
            for (int pcr = 0; pcr < 4; pcr++) {
                g.writeFieldId(pcr);
                g.writeBinary(pcr == 0 ? d.imageSha384 : new byte[48]);
            }
            g.writeEndObject();
            g.writeFieldName("certificate");
            g.writeBinary(d.certificate.getEncoded());
            g.writeFieldName("cabundle");
            g.writeStartArray(null, d.cabundle.size());
            for (X509Certificate c : d.cabundle) {
                g.writeBinary(c.getEncoded());
            }
            g.writeEndArray();
            if (d.publicKey != null) {
                g.writeFieldName("public_key");
                g.writeBinary(d.publicKey);
            }
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
        es384.initSign(d.signer);
        es384.update(toBeSigned);
        byte[] signature = es384.sign();
        if (d.corruptSignature) {
            signature[10] ^= 1;
        }
        return cbor(g -> {
            if (d.tag != null) {
                g.writeTag(d.tag);
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
        void write(CBORGenerator generator) throws Exception;
    }

    private static byte[] cbor(Writer writer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = new CBORFactory().createGenerator(out)) {
            writer.write(generator);
        }
        return out.toByteArray();
    }

    public static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKeys(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(
            String subject,
            PublicKey key,
            String issuer,
            PrivateKey issuerKey,
            Instant notBefore,
            Instant notAfter,
            boolean ca) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    new BigInteger(64, new java.security.SecureRandom()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    new X500Name(subject),
                    key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA384withECDSA")
                            .setProvider(DataKeyPairSpec.bouncyCastle())
                            .build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
