package io.keysmith.core;

/** A key store and a grant store over the same storage, empty: what the grant store contract runs against. */
public record GrantStorePorts(KeyStore keys, GrantStore grants) {}
