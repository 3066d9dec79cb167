package io.keysmith.core;

/** ReEncrypt's result: the new blob, and which keys and material versions were used on each side. */
public record ReEncrypted(String sourceKeyArn, String sourceMaterialId, Encrypted destination) {
    @Override
    public String toString() {
        return "ReEncrypted[from " + sourceKeyArn + ", material " + sourceMaterialId + ", to " + destination + "]";
    }
}
