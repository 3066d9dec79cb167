package io.keysmith.core;

/** GenerateDataKey's result: the plaintext data key and the same key sealed. */
public record DataKey(String keyArn, SecretBytes plaintext, byte[] ciphertext, String materialId) {
    @Override
    public String toString() {
        return "DataKey[" + keyArn + ", material " + materialId + ", plaintext redacted]";
    }
}
