package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretBytesTest {
    @Test
    void toStringNeverShowsTheBytes() {
        SecretBytes secret = new SecretBytes(new byte[] {0x41, 0x42, 0x43});
        assertEquals("SecretBytes[3 bytes, redacted]", secret.toString());
        assertFalse(secret.toString().contains("ABC"));
    }

    @Test
    void closeZeroes() {
        byte[] bytes = {1, 2, 3};
        SecretBytes secret = new SecretBytes(bytes);
        secret.close();
        assertArrayEquals(new byte[3], bytes);
    }

    @Test
    void keyMaterialRedactsItself() {
        KeyMaterial material = new KeyMaterial("ab".repeat(32), new SecretBytes(new byte[] {0x51, 0x52}));
        assertFalse(material.toString().contains("QR"));
        assertTrue(material.toString().contains("redacted"));
    }
}
