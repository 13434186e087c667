package io.fugue.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

class ClientAddressesTest {

    private final ClientAddresses behindProxy = new ClientAddresses(List.of("10.0.0.0/8", "fc00::/7", "192.168.1.7"));
    private final ClientAddresses direct = new ClientAddresses(List.of());

    @Test
    void withoutTrustedProxiesTheConnectionCountsAndHeadersAreIgnored() {
        assertEquals("10.1.2.3", direct.resolve("10.1.2.3", List.of("203.0.113.9")));
        assertEquals("127.0.0.1", direct.resolve("127.0.0.1", List.of()));
    }

    @Test
    void aTrustedProxyIsBelievedForTheEntryItAppended() {
        assertEquals("203.0.113.9", behindProxy.resolve("10.244.0.17", List.of("203.0.113.9")));
        assertEquals("203.0.113.9", behindProxy.resolve("192.168.1.7", List.of("203.0.113.9")));
        // What the client sent itself stands to the left and is ignored.
        assertEquals("203.0.113.9", behindProxy.resolve("10.244.0.17", List.of("1.2.3.4, 5.6.7.8, 203.0.113.9")));
        assertEquals("203.0.113.9", behindProxy.resolve("10.244.0.17", List.of("1.2.3.4", "203.0.113.9")));
        assertEquals("203.0.113.9", behindProxy.resolve("10.244.0.17", List.of("203.0.113.9:51234")));
        assertEquals("2001:db8:1:2::/64", behindProxy.resolve("fd00::5", List.of("[2001:db8:1:2::77]:443")));
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        assertEquals("198.51.100.4", behindProxy.resolve("198.51.100.4", List.of("10.0.0.1")));
        assertEquals("192.168.1.8", behindProxy.resolve("192.168.1.8", List.of("203.0.113.9")));
    }

    @Test
    void aMissingOrUnusableHeaderFallsBackToThePeer() {
        assertEquals("10.244.0.17", behindProxy.resolve("10.244.0.17", List.of()));
        assertEquals("10.244.0.17", behindProxy.resolve("10.244.0.17", List.of("203.0.113.9, unknown")));
        assertEquals("10.244.0.17", behindProxy.resolve("10.244.0.17", List.of("evil.example.com")));
        assertEquals("10.244.0.17", behindProxy.resolve("10.244.0.17", List.of("")));
        assertEquals("unknown", behindProxy.resolve(null, List.of("203.0.113.9")));
    }

    @Test
    void anIpv6ClientCountsByItsSlash64AndMappedIpv4AsIpv4() {
        assertEquals("2001:db8:aa:bb::/64", direct.resolve("2001:db8:aa:bb:1:2:3:4", List.of()));
        assertEquals("2001:db8:aa:bb::/64", direct.resolve("2001:db8:aa:bb:ffff::1", List.of()));
        assertEquals("203.0.113.9", direct.resolve("::ffff:203.0.113.9", List.of()));
    }

    @Test
    void aTrustedProxyThatIsNoAddressStopsTheStart() {
        assertThrows(ConfigurationException.class, () -> new ClientAddresses(List.of("ingress.internal")));
        assertThrows(ConfigurationException.class, () -> new ClientAddresses(List.of("10.0.0.0/99")));
    }
}
