package io.keysmith.enclave;

import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.Recipient;
import io.keysmith.core.SecretBytes;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Map;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * An enclave whose attestation was verified. {@code CiphertextForRecipient} is what the AWS Nitro
 * Enclaves SDK parses: a CMS ContentInfo of EnvelopedData (version 2) with one KeyTransRecipientInfo
 * (version 2, identified by subjectKeyIdentifier), RSAES-OAEP with SHA-256 and MGF1-SHA-256, and
 * AES-256-CBC content encryption.
 */
public final class EnclaveRecipient implements Recipient {
    private final RSAPublicKey publicKey;
    private final Map<Integer, String> pcrs;

    EnclaveRecipient(RSAPublicKey publicKey, Map<Integer, String> pcrs) {
        this.publicKey = publicKey;
        this.pcrs = Map.copyOf(pcrs);
    }

    @Override
    public Map<Integer, String> pcrs() {
        return pcrs;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] envelope(SecretBytes plaintext) {
        try {
            AlgorithmIdentifier oaep = new JcaAlgorithmParametersConverter()
                    .getAlgorithmIdentifier(
                            PKCSObjectIdentifiers.id_RSAES_OAEP,
                            new OAEPParameterSpec(
                                    "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(
                    new JceKeyTransRecipientInfoGenerator(subjectKeyIdentifier(), oaep, publicKey)
                            .setProvider(DataKeyPairSpec.bouncyCastle()));
            CMSEnvelopedData envelope = generator.generate(
                    new CMSProcessableByteArray(plaintext.reveal()),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC)
                            .setProvider(DataKeyPairSpec.bouncyCastle())
                            .build());
            return envelope.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new IllegalStateException("cannot build the CMS envelope for the enclave", e);
        }
    }

    /** RFC 5280 method 1: SHA-1 of the subjectPublicKey bit string. */
    private byte[] subjectKeyIdentifier() throws GeneralSecurityException {
        byte[] keyBits = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded())
                .getPublicKeyData()
                .getBytes();
        return MessageDigest.getInstance("SHA-1").digest(keyBits);
    }
}
