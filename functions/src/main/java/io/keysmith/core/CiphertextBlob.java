package io.keysmith.core;

import io.keysmith.core.errors.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Ciphertext blob, version 1: version (1) | key id (16) | key material id (32) | HKDF salt (16) |
 * GCM IV (12) | ciphertext | GCM tag (16). The header (everything before the ciphertext) is
 * authenticated as AAD, so Decrypt needs no KeyId: the header names the key and the material.
 */
public record CiphertextBlob(UUID keyId, byte[] materialId, byte[] salt, byte[] iv, byte[] sealed) {
    public static final byte VERSION = 1;
    static final int MATERIAL_ID_LENGTH = 32;
    static final int SALT_LENGTH = 16;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final int HEADER_LENGTH = 1 + 16 + MATERIAL_ID_LENGTH + SALT_LENGTH + IV_LENGTH;

    public String keyIdString() {
        return keyId.toString();
    }

    public String materialIdHex() {
        return HexFormat.of().formatHex(materialId);
    }

    public byte[] header() {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH);
        out.put(VERSION)
                .putLong(keyId.getMostSignificantBits())
                .putLong(keyId.getLeastSignificantBits())
                .put(materialId)
                .put(salt)
                .put(iv);
        return out.array();
    }

    public byte[] encode() {
        byte[] header = header();
        byte[] out = Arrays.copyOf(header, header.length + sealed.length);
        System.arraycopy(sealed, 0, out, header.length, sealed.length);
        return out;
    }

    /** Any malformed input is an {@link InvalidCiphertextException} with an empty message. */
    public static CiphertextBlob parse(byte[] blob) {
        if (blob == null || blob.length < HEADER_LENGTH + TAG_LENGTH || blob[0] != VERSION) {
            throw new InvalidCiphertextException("");
        }
        ByteBuffer in = ByteBuffer.wrap(blob, 1, blob.length - 1);
        UUID keyId = new UUID(in.getLong(), in.getLong());
        byte[] materialId = take(in, MATERIAL_ID_LENGTH);
        byte[] salt = take(in, SALT_LENGTH);
        byte[] iv = take(in, IV_LENGTH);
        byte[] sealed = take(in, in.remaining());
        return new CiphertextBlob(keyId, materialId, salt, iv, sealed);
    }

    @Override
    public String toString() {
        return "CiphertextBlob[" + keyId + ", " + sealed.length + " sealed bytes]";
    }

    private static byte[] take(ByteBuffer in, int count) {
        byte[] out = new byte[count];
        in.get(out);
        return out;
    }
}
