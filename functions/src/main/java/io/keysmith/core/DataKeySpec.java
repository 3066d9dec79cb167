package io.keysmith.core;

/** The service model's {@code DataKeySpec}: the length of a GenerateDataKey data key. Names are the wire values. */
public enum DataKeySpec {
    AES_256(32),
    AES_128(16);

    private final int bytes;

    DataKeySpec(int bytes) {
        this.bytes = bytes;
    }

    int bytes() {
        return bytes;
    }
}
