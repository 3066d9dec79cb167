package io.keysmith.core;

/** A MAC and the key (ARN) and algorithm that made it. */
public record MacResult(String keyArn, byte[] mac, MacAlgorithm algorithm) {
    @Override
    public String toString() {
        return "MacResult[" + keyArn + ", " + algorithm + "]";
    }
}
