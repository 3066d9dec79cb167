package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpCidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.1.2.3/32, 10.1.2.3, true",
        "10.1.2.3/32, 10.1.2.4, false",
        "10.1.2.3/31, 10.1.2.2, true",
        "0.0.0.0/0, 255.255.255.255, true",
        "::/0, 2001:db8::1, true",
        "2001:db8::/33, 2001:db8:7fff::1, true",
        "2001:db8::/33, 2001:db8:8000::1, false",
        "::1, ::1, true",
        "10.0.0.0/8, not-an-address, false",
        "10.0.0.0/8, 10.0.0.256, false",
    })
    void containsAddressesOfItsBlock(String block, String address, boolean expected) {
        assertEquals(expected, IpCidr.parse(block).contains(address));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "10.0.0.0/",
                "10.0.0.0/33",
                "10.0.0/8",
                "1.2.3.4.5",
                "256.0.0.0",
                "2001:db8::/129",
                "localhost",
                "example.com",
                "2001:db8::g",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "fe80::1%eth0"
            })
    void refusesWhatIsNoBlock(String text) {
        assertNull(IpCidr.parse(text));
    }
}
