package io.keysmith.local.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.Caller;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The client keys of the Alibaba listener, one JSON file each in {@code DATA_DIR/alibaba/client-keys/}: the key's
 * id, the principal ARN its requests act as, its RSA public key (SPKI), and whether it is revoked. Read on every
 * request, so a key made or revoked by the command works at once, without a restart. The private key exists only
 * in the ClientKey file handed to the client, a PKCS#12 under the client's password, as the Alibaba SDK reads it.
 */
final class ClientKeys {
    static final String DIRECTORY = "client-keys";
    /** {@code KAAP.} and a UUID, as Alibaba's client key ids look; anything else names no file. */
    private static final Pattern KEY_ID =
            Pattern.compile("KAAP\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A registered client key. */
    record ClientKey(String keyId, String arn, PublicKey publicKey, boolean revoked) {}

    private final Path dir;

    ClientKeys(Path alibabaDir) {
        this.dir = alibabaDir.resolve(DIRECTORY);
    }

    /** The client key {@code keyId}, or empty when none such was ever registered. */
    Optional<ClientKey> find(String keyId) throws IOException {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            return Optional.empty();
        }
        byte[] text;
        try {
            text = Files.readAllBytes(dir.resolve(keyId + ".json"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode entry = JSON.readTree(text);
        try {
            PublicKey publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(
                            Base64.getDecoder().decode(entry.path("PublicKey").asText())));
            return Optional.of(new ClientKey(
                    keyId,
                    entry.path("Arn").asText(),
                    publicKey,
                    entry.path("Revoked").asBoolean(false)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("client key file " + keyId + ".json is damaged");
        }
    }

    /**
     * Makes a client key for {@code arn}: registers its public key and returns the ClientKey file's content
     * ({@code {"KeyId", "PrivateKeyData"}}, the private key in a PKCS#12 under {@code password}).
     */
    ClientKeyFile create(String arn, char[] password, SecureRandom random) throws IOException {
        if (!Caller.isPrincipalArn(arn)) {
            throw new IllegalArgumentException(
                    "--arn must be an IAM user, role or root ARN, or an STS session ARN, not " + arn);
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("--password must not be empty");
        }
        String keyId = "KAAP." + UUID.randomUUID();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            KeyPair pair = generator.generateKeyPair();
            KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
            pkcs12.load(null, null);
            pkcs12.setKeyEntry(
                    keyId, pair.getPrivate(), password, new X509Certificate[] {selfSigned(keyId, pair, random)});
            ByteArrayOutputStream p12 = new ByteArrayOutputStream();
            pkcs12.store(p12, password);
            ObjectNode entry = JSON.createObjectNode()
                    .put("KeyId", keyId)
                    .put("Arn", arn)
                    .put(
                            "PublicKey",
                            Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))
                    .put("Revoked", false)
                    .put("Created", Instant.now().toString());
            Files0600.directory(dir.getParent().getParent()); // the data dir: owner-only, as the runner keeps it
            Files0600.directory(dir.getParent());
            Files0600.directory(dir);
            Files0600.write(
                    dir.resolve(keyId + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entry));
            ObjectNode file = JSON.createObjectNode()
                    .put("KeyId", keyId)
                    .put("PrivateKeyData", Base64.getEncoder().encodeToString(p12.toByteArray()));
            return new ClientKeyFile(
                    keyId, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(file));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a client key: " + e.getMessage());
        }
    }

    /** The ClientKey file's bytes, which hold the (password-protected) private key: never printed. */
    record ClientKeyFile(String keyId, byte[] content) {
        @Override
        public String toString() {
            return "ClientKeyFile[" + keyId + ", redacted]";
        }
    }

    /** Marks the key revoked (its file stays, so that its requests are refused as revoked); false when unknown. */
    boolean revoke(String keyId) throws IOException {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            return false;
        }
        Path file = dir.resolve(keyId + ".json");
        if (!Files.exists(file)) {
            return false;
        }
        ObjectNode entry = (ObjectNode) JSON.readTree(Files.readAllBytes(file));
        entry.put("Revoked", true).put("RevokedAt", Instant.now().toString());
        Files0600.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entry));
        return true;
    }

    /** PKCS#12 needs a certificate beside the private key; this one is self-signed and checked by no one. */
    private static X509Certificate selfSigned(String keyId, KeyPair pair, SecureRandom random)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + keyId);
        Instant now = Instant.now();
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    name,
                                    new BigInteger(64, random).setBit(63),
                                    Date.from(now.minus(Duration.ofHours(1))),
                                    Date.from(now.plus(Duration.ofDays(3650))),
                                    name,
                                    pair.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}
