package io.keysmith.core;

/** A key store and an alias store over the same storage, empty: what the store contract suites run against. */
public record StorePorts(KeyStore keys, AliasStore aliases) {}
