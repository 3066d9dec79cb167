package io.keysmith.local.alibaba;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The Alibaba listener's TLS: on first start, a self-signed CA ({@code ca.pem}, which clients pass as
 * {@code caFilePath}) and a server certificate it signs for 127.0.0.1 and localhost ({@code server.pem},
 * {@code server-key.pem}), all 0600 in {@code DATA_DIR/alibaba/}. The CA's private key signs once and is dropped,
 * so nothing can issue another certificate under it. Later starts load what is there.
 */
final class AlibabaTls {
    static final String CA_FILE = "ca.pem";
    private static final String SERVER_CERT = "server.pem";
    private static final String SERVER_KEY = "server-key.pem";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private AlibabaTls() {}

    static SSLContext serverContext(Path dir, SecureRandom random) throws IOException {
        try {
            if (!Files.exists(dir.resolve(SERVER_KEY)) || !Files.exists(dir.resolve(SERVER_CERT))) {
                create(dir, random);
            }
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new java.io.ByteArrayInputStream(Files.readAllBytes(dir.resolve(SERVER_CERT))));
            PrivateKey key = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(dir.resolve(SERVER_KEY)))));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, new X509Certificate[] {cert});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, random);
            return context;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(
                    "the Alibaba listener's certificate in " + dir + " cannot be used (" + e.getMessage() + ")");
        }
    }

    private static void create(Path dir, SecureRandom random) throws IOException, GeneralSecurityException {
        Files0600.directory(dir);
        KeyPair ca = ecKeyPair(random);
        KeyPair server = ecKeyPair(random);
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=Keysmith local Alibaba KMS CA");
        X509v3CertificateBuilder caBuilder = builder(caName, caName, ca, now, random)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCert = sign(caBuilder, ca.getPrivate());
        X509v3CertificateBuilder serverBuilder = builder(caName, new X500Name("CN=127.0.0.1"), server, now, random)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")
                }));
        X509Certificate serverCert = sign(serverBuilder, ca.getPrivate());
        Files0600.write(
                dir.resolve(SERVER_KEY),
                pemText("PRIVATE KEY", server.getPrivate().getEncoded()));
        Files0600.write(dir.resolve(SERVER_CERT), pemText("CERTIFICATE", serverCert.getEncoded()));
        Files0600.write(dir.resolve(CA_FILE), pemText("CERTIFICATE", caCert.getEncoded()));
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, KeyPair subjectKeys, Instant now, SecureRandom random) {
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, random).setBit(63),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair ecKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    static byte[] pemText(String type, byte[] der) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pem(String text) throws IOException {
        try (PemReader reader = new PemReader(new StringReader(text))) {
            PemObject object = reader.readPemObject();
            if (object == null) {
                throw new IOException("no PEM object");
            }
            return object.getContent();
        }
    }
}
