package io.keysmith.core;

/** What ImportKeyMaterial and DeleteImportedKeyMaterial answer: the key's ARN and the material's id. */
public record ImportResult(String keyArn, String keyMaterialId) {}
