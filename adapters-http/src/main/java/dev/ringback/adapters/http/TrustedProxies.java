package dev.ringback.adapters.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reverse proxies an operator runs in front of Ringback (addresses or networks), so that a
 * client can be told apart from the proxy it comes through: Bland only posts to https, and
 * Ringback speaks plain HTTP, so in production every request comes through one.
 *
 * <p>{@code X-Forwarded-For} is read only from a listed peer, and from the right: each proxy
 * appends the address it saw, so the rightmost entry that is not a listed proxy is the one no
 * client could write. Entries are parsed as address literals only, never looked up in DNS.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final int MAX_UNPARSED = 64;

    private record Network(byte[] address, int prefix) {
        /** The network as written canonically, {@code 10.0.0.0/8}: what two lists are compared by. */
        String text() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a parsed address has 4 or 16 bytes", e);
            }
        }

        boolean contains(InetAddress candidate) {
            byte[] other = candidate.getAddress();
            if (other.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (other[full] & mask) == (address[full] & mask);
        }
    }

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /**
     * {@code 127.0.0.1, 10.0.0.0/8, ::1}: addresses or networks, comma-separated; blank is none.
     *
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static TrustedProxies parse(String list) {
        List<Network> networks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address = literal(host)
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address or network: " + entry));
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("not an IP address or network: " + entry);
                }
            }
            networks.add(new Network(address.getAddress(), prefix));
        }
        return new TrustedProxies(networks);
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedProxies && texts().equals(((TrustedProxies) other).texts());
    }

    @Override
    public int hashCode() {
        return texts().hashCode();
    }

    @Override
    public String toString() {
        return String.join(", ", texts());
    }

    private List<String> texts() {
        return networks.stream().map(Network::text).toList();
    }

    /**
     * The client's address as text: the peer's own, unless the peer is a listed proxy and says
     * whom it forwards for. An IPv6 client is its /64 ({@link #clientOf}). An entry that is not an
     * address (a proxy writing "unknown") is a client of its own, cut short.
     */
    String client(InetSocketAddress peer, Iterable<String> forwardedFor) {
        String peerText = peer.getAddress() != null ? clientOf(peer.getAddress()) : peer.getHostString();
        if (networks.isEmpty() || peer.getAddress() == null || !trusted(peer.getAddress())) {
            return peerText;
        }
        List<String> entries = new ArrayList<>();
        for (String line : forwardedFor) {
            for (String entry : line.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            String entry = entries.get(i);
            Optional<InetAddress> address = literal(stripPort(entry));
            if (address.isEmpty()) {
                return "unparsed:" + (entry.length() > MAX_UNPARSED ? entry.substring(0, MAX_UNPARSED) : entry);
            }
            if (!trusted(address.get())) {
                return clientOf(address.get());
            }
        }
        return peerText;
    }

    /**
     * An IPv4 address as written; an IPv6 address as its /64 ({@code 2001:db8:1:2::/64}). One
     * IPv6 host is given a whole /64 (a VPS, a home line) and may send from any address in it:
     * counted per address, it would get a fresh budget of failures with every guess.
     */
    static String clientOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return address.getHostAddress();
        }
        if (isIpv4Mapped(bytes)) {
            // An IPv4 client in IPv6 form (::ffff:a.b.c.d): its /64 would hold every IPv4 client.
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        StringBuilder network = new StringBuilder(24);
        for (int group = 0; group < 4; group++) {
            network.append(Integer.toHexString((bytes[2 * group] & 0xff) << 8 | (bytes[2 * group + 1] & 0xff))).append(':');
        }
        return network.append(":/64").toString();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private boolean trusted(InetAddress address) {
        return networks.stream().anyMatch(network -> network.contains(address));
    }

    private static String stripPort(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(1, end);
        }
        Matcher withPort = IPV4_WITH_PORT.matcher(entry);
        return withPort.matches() ? withPort.group(1) : entry;
    }

    /** An address literal, parsed without any name lookup; empty for anything else. */
    private static Optional<InetAddress> literal(String text) {
        try {
            Matcher v4 = IPV4.matcher(text);
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (IPV6.matcher(text).matches()) {
                // With a ':' the JDK parses an IPv6 literal and never asks DNS (it refuses an invalid one).
                return Optional.of(InetAddress.getByName(text));
            }
        } catch (UnknownHostException | RuntimeException notAnAddress) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
