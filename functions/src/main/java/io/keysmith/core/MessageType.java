package io.keysmith.core;

/** The service model's {@code MessageType}: what a Sign or Verify {@code Message} holds. Names are the wire values. */
public enum MessageType {
    /** The message itself, hashed by the signing algorithm. */
    RAW,
    /** The message's digest, of the algorithm's hash length. */
    DIGEST,
    /** ML-DSA's 64-byte message representative mu (FIPS 204, section 6.2). */
    EXTERNAL_MU
}
