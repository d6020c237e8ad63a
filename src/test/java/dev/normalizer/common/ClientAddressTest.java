package dev.normalizer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The throttling key of a client address: IPv4 as it is, IPv6 by its /64, anything else one key, never a lookup. */
class ClientAddressTest {

    @Test
    void ipv4IsItsOwnKey() {
        assertEquals("198.51.100.7", ClientAddress.key("198.51.100.7"));
        assertEquals("198.51.100.7", ClientAddress.key(" 198.51.100.7 "));
        assertEquals("198.51.100.7", ClientAddress.key("::ffff:198.51.100.7"));
    }

    @Test
    void ipv6CountsByItsSlash64() {
        assertEquals(ClientAddress.key("2001:db8:1:2::"), ClientAddress.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals(ClientAddress.key("2001:db8:1:2::"), ClientAddress.key("[2001:db8:1:2::1]"));
        assertEquals(ClientAddress.key("2001:db8:1:2::"), ClientAddress.key("2001:0DB8:0001:0002::1"));
        assertEquals(false, ClientAddress.key("2001:db8:1:2::").equals(ClientAddress.key("2001:db8:1:3::")));
    }

    @Test
    void whatIsNotAnAddressIsOneClientAndIsNeverLookedUp() {
        for (String junk : new String[] {"unknown", "_hidden", "localhost", "example.org", "999.1.1.1", "1.2.3",
                "2001:db8::1::2", "", "x".repeat(10_000)}) {
            assertEquals(ClientAddress.NOT_AN_ADDRESS, ClientAddress.key(junk), junk);
        }
        assertEquals(ClientAddress.NOT_AN_ADDRESS, ClientAddress.key(null));
    }
}
