package io.keysmith.core;

public record Tag(String key, String value) {}
