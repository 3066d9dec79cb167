package io.keysmith.core;

import io.keysmith.core.errors.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The ciphertext of the Alibaba Cloud KMS instance API: kind (1) | key id (16) | key material id (32) | HKDF
 * salt (16) | ciphertext | GCM tag (16). The GCM IV travels beside it, as Alibaba's {@code Iv}. Its first byte is
 * never {@link CiphertextBlob#VERSION}, so neither API opens the other's ciphertexts.
 *
 * @param advance true for a blob of the Advance* operations (the key's primary version at the time), false for
 *                one of the plain operations (the key's initial version)
 */
record AlibabaBlob(boolean advance, UUID keyId, byte[] materialId, byte[] salt, byte[] sealed) {
    static final byte PLAIN = (byte) 0xA1;
    static final byte ADVANCE = (byte) 0xA2;
    static final int HEADER_LENGTH = 1 + 16 + CiphertextBlob.MATERIAL_ID_LENGTH + CiphertextBlob.SALT_LENGTH;

    String keyIdString() {
        return keyId.toString();
    }

    String materialIdHex() {
        return HexFormat.of().formatHex(materialId);
    }

    byte[] header() {
        return ByteBuffer.allocate(HEADER_LENGTH)
                .put(advance ? ADVANCE : PLAIN)
                .putLong(keyId.getMostSignificantBits())
                .putLong(keyId.getLeastSignificantBits())
                .put(materialId)
                .put(salt)
                .array();
    }

    byte[] encode() {
        byte[] header = header();
        byte[] out = Arrays.copyOf(header, header.length + sealed.length);
        System.arraycopy(sealed, 0, out, header.length, sealed.length);
        return out;
    }

    /** Anything that is not such a blob (an AWS ciphertext blob included) is an empty InvalidCiphertextException. */
    static AlibabaBlob parse(byte[] blob) {
        if (blob == null
                || blob.length < HEADER_LENGTH + CiphertextBlob.TAG_LENGTH
                || (blob[0] != PLAIN && blob[0] != ADVANCE)) {
            throw new InvalidCiphertextException("");
        }
        ByteBuffer in = ByteBuffer.wrap(blob, 1, blob.length - 1);
        UUID keyId = new UUID(in.getLong(), in.getLong());
        byte[] materialId = new byte[CiphertextBlob.MATERIAL_ID_LENGTH];
        in.get(materialId);
        byte[] salt = new byte[CiphertextBlob.SALT_LENGTH];
        in.get(salt);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        return new AlibabaBlob(blob[0] == ADVANCE, keyId, materialId, salt, sealed);
    }

    @Override
    public String toString() {
        return "AlibabaBlob[" + keyId + ", " + sealed.length + " sealed bytes]";
    }
}
