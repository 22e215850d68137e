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
        assertThat(proxies.client(PROXY, List.of("[2001:db8::7]:4711"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(proxies.client(PROXY, List.of("203.0.113.7:4711"))).isEqualTo("203.0.113.7");
    }

    @Test
    void withNothingForwardedOrOnlyProxiesTheClientIsThePeer() {
        assertThat(proxies.client(PROXY, List.of())).isEqualTo("10.0.0.5");
        assertThat(proxies.client(PROXY, List.of(" , "))).isEqualTo("10.0.0.5");
        assertThat(proxies.client(PROXY, List.of("127.0.0.1, 10.0.0.7"))).isEqualTo("10.0.0.5");
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
