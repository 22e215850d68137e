package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who the client is when the TCP peer is a reverse proxy the operator listed. */
class TrustedProxiesTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.5", 40000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("198.51.100.20", 40000);

    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/24, 127.0.0.1 ,::1");

    @Test
    void withoutProxiesTheClientIsThePeer() {
        assertThat(TrustedProxies.NONE.client(PROXY, List.of("203.0.113.7"))).isEqualTo("10.0.0.5");
        assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
    }

    @Test
    void anUntrustedPeersForwardingHeaderIsIgnored() {
        assertThat(proxies.client(STRANGER, List.of("203.0.113.7"))).isEqualTo("198.51.100.20");
    }

    @Test
    void theClientIsTheRightmostAddressNotAProxy() {
        assertThat(proxies.client(PROXY, List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(proxies.client(PROXY, List.of("192.0.2.1, 203.0.113.7, 10.0.0.9"))).isEqualTo("203.0.113.7");
        assertThat(proxies.client(PROXY, List.of("192.0.2.1", "203.0.113.7"))).as("several header lines, in order")
                .isEqualTo("203.0.113.7");
        assertThat(proxies.client(PROXY, List.of("[2001:db8::7]:4711"))).isEqualTo("2001:db8:0:0::/64");
        assertThat(proxies.client(PROXY, List.of("203.0.113.7:4711"))).isEqualTo("203.0.113.7");
    }

    @Test
    void withNothingForwardedOrOnlyProxiesTheClientIsThePeer() {
        assertThat(proxies.client(PROXY, List.of())).isEqualTo("10.0.0.5");
        assertThat(proxies.client(PROXY, List.of(" , "))).isEqualTo("10.0.0.5");
        assertThat(proxies.client(PROXY, List.of("127.0.0.1, 10.0.0.7"))).isEqualTo("10.0.0.5");
    }

    /** An IPv6 host holds a whole /64 and may send from any address in it: the /64 is the client. */
    @Test
    void anIpv6ClientIsItsSlash64() {
        assertThat(proxies.client(PROXY, List.of("2001:db8:1:2::1"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(proxies.client(PROXY, List.of("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(proxies.client(PROXY, List.of("2001:db8:1:3::1"))).isEqualTo("2001:db8:1:3::/64");
        assertThat(TrustedProxies.NONE.client(new InetSocketAddress("2001:db8:1:2::5", 40000), List.of()))
                .as("a direct IPv6 peer").isEqualTo("2001:db8:1:2::/64");
        assertThat(proxies.client(PROXY, List.of("::ffff:203.0.113.7"))).as("an IPv4-mapped address is IPv4")
                .isEqualTo("203.0.113.7");
    }

    /** A dual-stack socket could hand over an IPv4 client in IPv6 form: its /64 would be every IPv4 client at once. */
    @Test
    void anIpv4ClientInIpv6FormIsStillItsOwnAddress() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 203, 0, 113, 7};
        java.net.InetAddress address = java.net.Inet6Address.getByAddress(null, mapped, -1);

        assertThat(TrustedProxies.clientOf(address)).isEqualTo("203.0.113.7");
    }

    /** Never looked up in DNS, never echoed whole: a bucket of its own, of bounded size. */
    @Test
    void anEntryThatIsNotAnAddressIsAClientOfItsOwn() {
        assertThat(proxies.client(PROXY, List.of("unknown"))).isEqualTo("unparsed:unknown");
        assertThat(proxies.client(PROXY, List.of("999.1.1.1"))).isEqualTo("unparsed:999.1.1.1");
        assertThat(proxies.client(PROXY, List.of("x".repeat(500)))).hasSizeLessThan(80);
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "::1/129", "10.0.0.0/-1", "10.0.0/8", "300.0.0.1", "10.0.0.1/x"})
    void aListEntryThatIsNotAnAddressOrNetworkIsRefused(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1," + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }
}
