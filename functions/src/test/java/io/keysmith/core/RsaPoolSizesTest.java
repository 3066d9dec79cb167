package io.keysmith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RsaPoolSizesTest {
    @Test
    void theDefaultPoolsAllThreeSpecs() {
        assertEquals(
                Map.of(DataKeyPairSpec.RSA_2048, 16, DataKeyPairSpec.RSA_3072, 8, DataKeyPairSpec.RSA_4096, 64),
                RsaPoolSizes.parse(RsaPoolSizes.DEFAULT));
        assertEquals(RsaPoolSizes.DEFAULT, RsaPoolSizes.format(RsaPoolSizes.parse(RsaPoolSizes.DEFAULT)));
    }

    @Test
    void zeroTurnsThePoolOffAndASpecGivenZeroIsLeftOut() {
        assertEquals(Map.of(), RsaPoolSizes.parse("0"));
        assertEquals("0", RsaPoolSizes.format(Map.of()));
        assertEquals(Map.of(DataKeyPairSpec.RSA_4096, 2), RsaPoolSizes.parse("2048=0,4096=2"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "00",
                "2048",
                "2048=",
                "=4",
                "1024=4",
                "2048=4,2048=5",
                "2048=1001",
                "2048=-1",
                "2048=4,",
                "2048=4;4096=2",
                "RSA_2048=4",
                "2048=99999"
            })
    void anythingElseIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RsaPoolSizes.parse(text));
        assertEquals(true, e.getMessage().endsWith("; not " + text), e.getMessage());
    }
}
