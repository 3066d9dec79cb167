package io.keysmith.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The benchmarks' reading of replies and of latencies. */
class BenchmarkCallsTest {
    @Test
    void aStringFieldIsReadFromAReplyOrIsNull() {
        String reply = "{\"KeyId\":\"1234abcd\",\"CiphertextBlob\":\"AQID\",\"Count\":3}";
        assertEquals("1234abcd", BenchmarkCalls.stringField(reply, "KeyId"));
        assertEquals("AQID", BenchmarkCalls.stringField(reply, "CiphertextBlob"));
        assertNull(BenchmarkCalls.stringField(reply, "Count"));
        assertNull(BenchmarkCalls.stringField(reply, "Plaintext"));
        assertNull(BenchmarkCalls.stringField(null, "KeyId"));
    }

    @Test
    void percentilesAreTheNearestRankInMilliseconds() {
        long[] nanos = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
        assertEquals(2.0, BenchmarkCalls.percentileMillis(nanos, 0.50));
        assertEquals(4.0, BenchmarkCalls.percentileMillis(nanos, 0.99));
        assertEquals(1.0, BenchmarkCalls.percentileMillis(nanos, 0.0));
        assertEquals(Double.NaN, BenchmarkCalls.percentileMillis(new long[0], 0.50));
    }
}
