package io.keysmith.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 CIDR block ({@code 203.0.113.0/24}, {@code 2001:db8::/32}); a bare address is a /32 or /128. */
record IpCidr(byte[] network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** The block, or null when the text is not one. */
    static IpCidr parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        int maxPrefix = address.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > maxPrefix) {
                return null;
            }
            prefix = Integer.parseInt(digits);
        }
        return new IpCidr(address, prefix);
    }

    /** Whether the address (no prefix) lies in this block; false for anything that is not an address. */
    boolean contains(String addressText) {
        byte[] address = parseAddress(addressText);
        if (address == null || address.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** A literal address only: never a host name, so nothing here can cause a DNS look-up. */
    static byte[] parseAddress(String text) {
        var ipv4 = IPV4.matcher(text);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(ipv4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        // InetAddress resolves what is not a literal: only text that starts as an IPv6 literal reaches it.
        if (!text.contains(":")
                || !IPV6_CHARACTERS.matcher(text).matches()
                || (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':')) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
