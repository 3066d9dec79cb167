package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HkdfTest {
    /** RFC 5869, appendix A.1: the first 32 bytes of the test vector's output. */
    @Test
    void matchesRfc5869TestCaseOne() {
        HexFormat hex = HexFormat.of();
        byte[] ikm = hex.parseHex("0b".repeat(22));
        byte[] salt = hex.parseHex("000102030405060708090a0b0c");
        byte[] info = hex.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertEquals(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf",
                hex.formatHex(Hkdf.sha256(ikm, salt, info, 32)));
    }
}
