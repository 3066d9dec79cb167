package io.keysmith.local.alibaba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlibabaOptionsTest {
    @Test
    void takesItsFlagsAndLeavesTheRest() {
        AlibabaOptions options = AlibabaOptions.take(
                "--port", "0", "--alibaba-port", "4600", "--data-dir", "d", "--alibaba-max-concurrent", "1");
        assertTrue(options.enabled());
        assertEquals(4600, options.port());
        assertEquals(1, options.maxConcurrent());
        assertEquals(List.of("--port", "0", "--data-dir", "d"), options.rest());
    }

    @Test
    void offByDefault() {
        AlibabaOptions options = AlibabaOptions.take("--in-memory");
        assertFalse(options.enabled());
        assertEquals(0, options.maxConcurrent());
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AlibabaOptions.take("--alibaba-port", "70000"));
        assertThrows(IllegalArgumentException.class, () -> AlibabaOptions.take("--alibaba-port"));
        assertThrows(
                IllegalArgumentException.class,
                () -> AlibabaOptions.take("--alibaba-port", "1", "--alibaba-max-concurrent", "0"));
        IllegalArgumentException alone = assertThrows(
                IllegalArgumentException.class, () -> AlibabaOptions.take("--alibaba-max-concurrent", "2"));
        assertEquals("--alibaba-max-concurrent goes with --alibaba-port", alone.getMessage());
    }
}
