package io.keysmith.core;

/** The deployment's root key. It only wraps and unwraps key material, with AES-256-GCM. */
public interface RootKey {
    /** Identifies this root key; recorded beside every material it wraps. */
    String id();

    byte[] wrap(SecretBytes material, byte[] aad);

    SecretBytes unwrap(byte[] wrapped, byte[] aad);
}
