package io.keysmith.local.alibaba;

import io.keysmith.core.AlibabaCrypto;
import io.keysmith.core.AlibabaCrypto.Version;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.Keysmith;
import io.keysmith.core.SecretBytes;
import io.keysmith.local.alibaba.Protobuf.MalformedException;
import io.keysmith.local.alibaba.Protobuf.Message;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The Alibaba KMS instance API's operations: each decodes its protobuf request (field numbers as in the SDK's
 * {@code api.proto}), checks it as Alibaba does, calls the core ({@link AlibabaCrypto}) and encodes the response.
 * The plain operations use a key's initial version, the Advance* ones its primary version.
 */
final class AlibabaOperations {
    static final Set<String> NAMES = Set.of(
            "Encrypt",
            "AdvanceEncrypt",
            "Decrypt",
            "AdvanceDecrypt",
            "GenerateDataKey",
            "AdvanceGenerateDataKey",
            "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext",
            "AdvanceGenerateDataKeyPair",
            "AdvanceGenerateDataKeyPairWithoutPlaintext",
            "GenerateRandom");

    private static final String AES_GCM = "AES_GCM";
    private static final int MAX_AAD = 8192;
    private static final int MAX_PLAINTEXT = 6 * 1024;
    private static final int MAX_RANDOM = 1024;
    /** Alibaba's KeyPairSpec values and the pair each makes. */
    private static final Map<String, DataKeyPairSpec> SPECS = Map.of(
            "RSA_2048", DataKeyPairSpec.RSA_2048,
            "RSA_3072", DataKeyPairSpec.RSA_3072,
            "RSA_4096", DataKeyPairSpec.RSA_4096,
            "EC_P256", DataKeyPairSpec.ECC_NIST_P256,
            "EC_P256K", DataKeyPairSpec.ECC_SECG_P256K1);

    private final AlibabaCrypto crypto;
    private final Keysmith keysmith;

    AlibabaOperations(Keysmith keysmith) {
        this.keysmith = keysmith;
        this.crypto = AlibabaCrypto.of(keysmith);
    }

    /** The response body of {@code apiName}; the request id goes into it as Alibaba's responses carry one. */
    byte[] handle(String apiName, byte[] body, String requestId) throws MalformedException {
        Message in = Protobuf.parse(body);
        return switch (apiName) {
            case "Encrypt" -> encrypt(in, Version.INITIAL, requestId);
            case "AdvanceEncrypt" -> encrypt(in, Version.PRIMARY, requestId);
            case "Decrypt" -> decrypt(in, Version.INITIAL, requestId);
            case "AdvanceDecrypt" -> decrypt(in, Version.PRIMARY, requestId);
            case "GenerateDataKey" -> generateDataKey(in, requestId);
            case "AdvanceGenerateDataKey" -> advanceGenerateDataKey(in, requestId);
            case "GenerateDataKeyPair" -> dataKeyPair(in, false, true, requestId);
            case "GenerateDataKeyPairWithoutPlaintext" -> dataKeyPair(in, false, false, requestId);
            case "AdvanceGenerateDataKeyPair" -> dataKeyPair(in, true, true, requestId);
            case "AdvanceGenerateDataKeyPairWithoutPlaintext" -> dataKeyPair(in, true, false, requestId);
            case "GenerateRandom" -> generateRandom(in, requestId);
            default -> throw new IllegalArgumentException("not an operation: " + apiName);
        };
    }

    // Encrypt and AdvanceEncrypt: KeyId 1, Plaintext 2, Algorithm 3, Aad 4, Iv 5, PaddingMode 6.
    private byte[] encrypt(Message in, Version version, String requestId) throws MalformedException {
        String keyId = required(in.string(1), "KeyId");
        byte[] plaintext = in.bytes(2);
        if (plaintext.length == 0) {
            throw AlibabaError.missing("Plaintext");
        }
        if (plaintext.length > MAX_PLAINTEXT) {
            throw AlibabaError.invalid("Plaintext");
        }
        algorithm(in.string(3));
        byte[] aad = aad(in.bytes(4));
        if (in.bytes(5).length > 0) {
            throw AlibabaError.invalid("Iv"); // Keysmith picks every GCM IV itself: a caller's could repeat
        }
        paddingMode(in.string(6));
        AlibabaCrypto.Sealed sealed = crypto.encrypt(keyId, version, plaintext, aad);
        Protobuf.Writer out = new Protobuf.Writer()
                .string(1, sealed.keyArn())
                .bytes(2, sealed.ciphertextBlob())
                .bytes(3, sealed.iv())
                .string(4, requestId)
                .string(5, AES_GCM);
        if (version == Version.PRIMARY) {
            out.string(7, sealed.materialId());
        }
        return out.toByteArray();
    }

    // Decrypt and AdvanceDecrypt: CiphertextBlob 1, KeyId 2, Algorithm 3, Aad 4, Iv 5, PaddingMode 6.
    private byte[] decrypt(Message in, Version version, String requestId) throws MalformedException {
        byte[] blob = in.bytes(1);
        if (blob.length == 0) {
            throw AlibabaError.missing("CiphertextBlob");
        }
        String keyId = in.string(2);
        if (version == Version.INITIAL) {
            required(keyId, "KeyId"); // Alibaba's Decrypt needs the key; AdvanceDecrypt reads it from the blob
        }
        algorithm(in.string(3));
        byte[] aad = aad(in.bytes(4));
        byte[] iv = in.bytes(5);
        if (iv.length == 0) {
            throw AlibabaError.missing("Iv");
        }
        paddingMode(in.string(6));
        AlibabaCrypto.Opened opened = crypto.decrypt(keyId.isEmpty() ? null : keyId, version, blob, iv, aad);
        try (SecretBytes plaintext = opened.plaintext()) {
            Protobuf.Writer out = new Protobuf.Writer()
                    .string(1, opened.keyArn())
                    .bytes(2, plaintext.reveal())
                    .string(3, requestId)
                    .string(4, AES_GCM);
            if (version == Version.PRIMARY) {
                out.string(6, opened.materialId());
            }
            return out.toByteArray();
        }
    }

    // GenerateDataKey: KeyId 1, Algorithm 2, NumberOfBytes 3, Aad 4.
    private byte[] generateDataKey(Message in, String requestId) throws MalformedException {
        String keyId = required(in.string(1), "KeyId");
        algorithm(in.string(2));
        return dataKey(keyId, Version.INITIAL, in.int32(3), aad(in.bytes(4)), requestId);
    }

    // AdvanceGenerateDataKey: KeyId 1, NumberOfBytes 2, Aad 3.
    private byte[] advanceGenerateDataKey(Message in, String requestId) throws MalformedException {
        String keyId = required(in.string(1), "KeyId");
        return dataKey(keyId, Version.PRIMARY, in.int32(2), aad(in.bytes(3)), requestId);
    }

    // Response: KeyId 1, Iv 2, Plaintext 3, CiphertextBlob 4, RequestId 5, Algorithm 6, KeyVersionId 7 (Advance).
    private byte[] dataKey(String keyId, Version version, int numberOfBytes, byte[] aad, String requestId) {
        int length = numberOfBytes == 0 ? 32 : numberOfBytes; // Alibaba's default: 32 bytes
        if (length < 1 || length > 1024) {
            throw AlibabaError.invalid("NumberOfBytes");
        }
        AlibabaCrypto.SealedDataKey key = crypto.generateDataKey(keyId, version, length, aad);
        try (SecretBytes plaintext = key.plaintext()) {
            Protobuf.Writer out = new Protobuf.Writer()
                    .string(1, key.sealed().keyArn())
                    .bytes(2, key.sealed().iv())
                    .bytes(3, plaintext.reveal())
                    .bytes(4, key.sealed().ciphertextBlob())
                    .string(5, requestId)
                    .string(6, AES_GCM);
            if (version == Version.PRIMARY) {
                out.string(7, key.sealed().materialId());
            }
            return out.toByteArray();
        }
    }

    /**
     * GenerateDataKeyPair[WithoutPlaintext]: KeyId 1, Algorithm 2, KeyPairSpec 3, KeyFormat 4, Aad 5. The Advance
     * ones: KeyId 1, KeyPairSpec 2, KeyFormat 3, Aad 4. The private key is sealed in the format asked for, so that
     * Decrypt gives back exactly what GenerateDataKeyPair returned.
     */
    private byte[] dataKeyPair(Message in, boolean advance, boolean withPlaintext, String requestId)
            throws MalformedException {
        String keyId = required(in.string(1), "KeyId");
        int field = 2;
        if (!advance) {
            algorithm(in.string(field++));
        }
        String specName = required(in.string(field++), "KeyPairSpec");
        DataKeyPairSpec spec = SPECS.get(specName);
        if (spec == null) {
            throw AlibabaError.invalid("KeyPairSpec");
        }
        String format = in.string(field++);
        boolean der = switch (format) {
            case "", "PEM" -> false;
            case "DER" -> true;
            default -> throw AlibabaError.invalid("KeyFormat");
        };
        byte[] aad = aad(in.bytes(field));
        Version version = advance ? Version.PRIMARY : Version.INITIAL;
        String operation = withPlaintext ? "GenerateDataKeyPair" : "GenerateDataKeyPairWithoutPlaintext";
        AlibabaCrypto.SealedKeyPair pair = crypto.generateDataKeyPair(
                operation, keyId, version, spec, aad, pkcs8 -> der ? pkcs8.clone() : pem("PRIVATE KEY", pkcs8));
        try (SecretBytes privateKey = pair.privateKey()) {
            byte[] publicKey = der ? pair.publicKey() : pem("PUBLIC KEY", pair.publicKey());
            AlibabaCrypto.Sealed sealed = pair.sealed();
            Protobuf.Writer out = new Protobuf.Writer()
                    .string(1, sealed.keyArn())
                    .bytes(2, sealed.iv())
                    .string(3, specName);
            if (withPlaintext) {
                out.bytes(4, privateKey.reveal())
                        .bytes(5, sealed.ciphertextBlob())
                        .bytes(6, publicKey)
                        .string(7, requestId)
                        .string(8, AES_GCM);
                if (advance) {
                    out.string(9, sealed.materialId());
                }
            } else {
                out.bytes(4, sealed.ciphertextBlob())
                        .bytes(5, publicKey)
                        .string(6, requestId)
                        .string(7, AES_GCM);
                if (advance) {
                    out.string(8, sealed.materialId());
                }
            }
            return out.toByteArray();
        }
    }

    // GenerateRandom: Length 1; response Random 1, RequestId 2.
    private byte[] generateRandom(Message in, String requestId) {
        int length = in.int32(1);
        if (length == 0) {
            throw AlibabaError.missing("Length");
        }
        if (length < 1 || length > MAX_RANDOM) {
            throw AlibabaError.invalid("Length");
        }
        try (SecretBytes random = keysmith.crypto().generateRandom(length)) {
            return new Protobuf.Writer()
                    .bytes(1, random.reveal())
                    .string(2, requestId)
                    .toByteArray();
        }
    }

    /** PEM text of a DER structure: PUBLIC KEY (SPKI) or PRIVATE KEY (PKCS#8). */
    static byte[] pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String required(String value, String parameter) {
        if (value.isEmpty()) {
            throw AlibabaError.missing(parameter);
        }
        return value;
    }

    private static void algorithm(String algorithm) {
        if (!algorithm.isEmpty() && !algorithm.equals(AES_GCM)) {
            throw AlibabaError.invalid("Algorithm");
        }
    }

    private static void paddingMode(String paddingMode) {
        if (!paddingMode.isEmpty()) {
            throw AlibabaError.invalid("PaddingMode"); // only CBC and ECB pad; AES_GCM takes none
        }
    }

    private static byte[] aad(byte[] aad) {
        if (aad.length > MAX_AAD) {
            throw AlibabaError.invalid("Aad");
        }
        return aad;
    }
}
