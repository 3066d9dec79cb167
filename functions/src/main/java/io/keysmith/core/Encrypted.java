package io.keysmith.core;

/** A sealed blob, the key that sealed it, and the material version used. */
public record Encrypted(String keyArn, byte[] ciphertext, String materialId) {
    @Override
    public String toString() {
        return "Encrypted[" + keyArn + ", material " + materialId + ", " + ciphertext.length + " bytes]";
    }
}
