package io.keysmith.local.alibaba;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Just enough Protocol Buffers (proto3 wire format) for the Alibaba KMS instance API, whose messages hold only
 * strings, bytes and int32 fields: a reader of one flat message and a writer. Written here rather than pulling
 * protobuf-java and the SDK's generated classes into the runner's jar.
 */
final class Protobuf {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private Protobuf() {}

    /** A malformed message: the listener answers it with InvalidParameter. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** One parsed message: the last value of each field number, as proto3 readers keep it. */
    static final class Message {
        private final Map<Integer, byte[]> bytes = new HashMap<>();
        private final Map<Integer, Long> varints = new HashMap<>();

        /** The bytes of a length-delimited field; empty when absent. */
        byte[] bytes(int field) {
            byte[] value = bytes.get(field);
            return value == null ? new byte[0] : value;
        }

        /** A string field; empty when absent. */
        String string(int field) throws MalformedException {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes(field)))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new MalformedException("field " + field + " is not UTF-8");
            }
        }

        /** An int32 field, as proto3 reads it (the low 32 bits); 0 when absent. */
        int int32(int field) {
            Long value = varints.get(field);
            return value == null ? 0 : (int) value.longValue();
        }
    }

    /** The highest field number of any request message of the instance API (ApiModels' descriptor). */
    static final int MAX_KNOWN_FIELD = 16;

    static Message parse(byte[] in) throws MalformedException {
        Message message = new Message();
        int[] at = {0};
        while (at[0] < in.length) {
            long tag = varint(in, at);
            int field = (int) (tag >>> 3);
            if (field <= 0 || tag >>> 3 > 0x1FFFFFFFL) {
                throw new MalformedException("bad field number");
            }
            // Only the fields a request message can have are kept: a body of many distinct unknown fields must not
            // grow a map entry for each.
            boolean kept = field <= MAX_KNOWN_FIELD;
            switch ((int) (tag & 7)) {
                case VARINT -> {
                    long value = varint(in, at);
                    if (kept) {
                        message.varints.put(field, value);
                    }
                }
                case LENGTH_DELIMITED -> {
                    long length = varint(in, at);
                    if (length < 0 || length > in.length - at[0]) {
                        throw new MalformedException("truncated field " + field);
                    }
                    if (kept) {
                        message.bytes.put(field, java.util.Arrays.copyOfRange(in, at[0], at[0] + (int) length));
                    }
                    at[0] += (int) length;
                }
                case FIXED64 -> skip(in, at, 8);
                case FIXED32 -> skip(in, at, 4);
                default -> throw new MalformedException("unsupported wire type");
            }
        }
        return message;
    }

    private static void skip(byte[] in, int[] at, int count) throws MalformedException {
        if (in.length - at[0] < count) {
            throw new MalformedException("truncated");
        }
        at[0] += count;
    }

    private static long varint(byte[] in, int[] at) throws MalformedException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= in.length) {
                throw new MalformedException("truncated varint");
            }
            byte b = in[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedException("varint too long");
    }

    /** Writes fields in the order given; proto3 leaves out empty strings, empty bytes and zeros. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer bytes(int field, byte[] value) {
            if (value != null && value.length > 0) {
                writeVarint(((long) field << 3) | LENGTH_DELIMITED);
                writeVarint(value.length);
                out.write(value, 0, value.length);
            }
            return this;
        }

        Writer string(int field, String value) {
            return value == null ? this : bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Writer int32(int field, int value) {
            if (value != 0) {
                writeVarint(((long) field << 3) | VARINT);
                writeVarint(value); // a negative int32 is sign-extended to ten bytes, as protobuf writes it
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
