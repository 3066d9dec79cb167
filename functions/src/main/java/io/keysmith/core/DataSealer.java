package io.keysmith.core;

import io.keysmith.core.errors.InvalidCiphertextException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Seals data (a data key pair's private key, or Encrypt's plaintext) under a KMS key's material.
 * Each request derives its own AES-256 key with HKDF-SHA256 from a random salt, so no single GCM
 * key ever comes near its usage limits. AAD is the blob header and the canonical encryption context.
 */
public final class DataSealer {
    private static final byte[] PURPOSE = "keysmith/v1/data".getBytes(StandardCharsets.US_ASCII);
    private final Randomness randomness;

    public DataSealer(Randomness randomness) {
        this.randomness = randomness;
    }

    public byte[] seal(KeyMaterial material, UUID keyId, byte[] canonicalContext, byte[] plaintext) {
        byte[] salt = randomness.bytes(CiphertextBlob.SALT_LENGTH);
        byte[] iv = randomness.bytes(CiphertextBlob.IV_LENGTH);
        CiphertextBlob headerOnly = new CiphertextBlob(keyId, material.materialIdBytes(), salt, iv, new byte[0]);
        byte[] header = headerOnly.header();
        byte[] key = deriveKey(material, salt, keyId);
        try {
            byte[] sealed = AesGcm.seal(key, iv, plaintext, header, canonicalContext);
            return new CiphertextBlob(keyId, headerOnly.materialId(), salt, iv, sealed).encode();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Opens a blob; any mismatch of blob, material or context is an empty InvalidCiphertextException. */
    public SecretBytes open(KeyMaterial material, CiphertextBlob blob, byte[] canonicalContext) {
        byte[] key = deriveKey(material, blob.salt(), blob.keyId());
        try {
            return new SecretBytes(AesGcm.open(key, blob.iv(), blob.sealed(), blob.header(), canonicalContext));
        } catch (AesGcm.NotAuthenticException e) {
            throw new InvalidCiphertextException("");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] deriveKey(KeyMaterial material, byte[] salt, UUID keyId) {
        byte[] keyIdBytes = keyId.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] info = Arrays.copyOf(PURPOSE, PURPOSE.length + keyIdBytes.length);
        System.arraycopy(keyIdBytes, 0, info, PURPOSE.length, keyIdBytes.length);
        return Hkdf.sha256(material.secret().reveal(), salt, info, 32);
    }
}
