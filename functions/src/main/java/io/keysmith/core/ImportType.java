package io.keysmith.core;

/** The service model's {@code ImportType}: new material for on-demand rotation, or material the key already has. */
public enum ImportType {
    NEW_KEY_MATERIAL,
    EXISTING_KEY_MATERIAL
}
