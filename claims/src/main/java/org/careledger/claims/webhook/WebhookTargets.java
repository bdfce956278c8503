package org.careledger.claims.webhook;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a payer's webhook may point. A subscription URL is the payer's to choose, so it must not
 * turn the bridge into a way into the hub's own network (server-side request forgery): https only
 * outside the dev profile, and no loopback, link-local (the cloud metadata address among them),
 * private, shared, multicast, reserved or unspecified address, whether written literally or
 * reached through a DNS name. An allow-list of networks admits internal receivers on purpose.
 *
 * <p>The same check runs when the subscription is made and at every delivery, on the addresses
 * the delivery then connects to ({@link #resolve}), so a name that resolves elsewhere later (DNS
 * rebinding) is refused too.
 */
public final class WebhookTargets {

    private final boolean httpsOnly;
    private final List<Network> allowed;

    public WebhookTargets(boolean httpsOnly, List<String> allowedNetworks) {
        this.httpsOnly = httpsOnly;
        this.allowed = allowedNetworks.stream().filter(s -> !s.isBlank()).map(Network::parse).toList();
    }

    /** Why this URL may not receive webhooks, naming the field and the rule; empty when it may. */
    public Optional<String> refusal(URI url) {
        Optional<String> form = formRefusal(url);
        if (form.isPresent()) {
            return form;
        }
        try {
            resolve(url.getHost());
            return Optional.empty();
        } catch (RefusedAddress e) {
            return Optional.of("url: " + e.getMessage());
        } catch (UnknownHostException e) {
            // a name not in DNS yet may be the payer's next deployment; every delivery resolves and checks it again
            return Optional.empty();
        }
    }

    /**
     * The rules a URL breaks by its form alone (scheme, host, credentials), without resolving it: a
     * delivery checks these, and leaves the addresses to {@link #resolve}, which its client connects through.
     */
    public Optional<String> formRefusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("url: an absolute https URL is required");
        }
        if (httpsOnly && !scheme.equals("https")) {
            return Optional.of("url: https is required outside the dev profile");
        }
        if (url.getUserInfo() != null) {
            return Optional.of("url: credentials in the URL are not accepted; the delivery is signed instead");
        }
        return Optional.empty();
    }

    /**
     * Every address the host resolves to, when all of them may be reached; otherwise throws
     * {@link RefusedAddress} naming the rule. This is what a delivery connects to.
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(bare);
        for (InetAddress address : addresses) {
            if (allowed.stream().anyMatch(n -> n.contains(address))) {
                continue;
            }
            Optional<String> kind = forbiddenKind(address);
            if (kind.isPresent()) {
                throw new RefusedAddress("the host " + (bare.equals(address.getHostAddress()) ? "is" : "resolves to")
                        + " a " + kind.get() + " address, which webhooks may not reach");
            }
        }
        return addresses;
    }

    /** The kind of address a webhook may not reach, or empty for a public unicast address. */
    static Optional<String> forbiddenKind(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("private"); // 100.64.0.0/10, carrier-grade NAT
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("reserved"); // 198.18.0.0/15, benchmarking
            }
            if (first >= 240) {
                return Optional.of("reserved"); // 240.0.0.0/4 and the broadcast address
            }
        } else if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return Optional.of("private"); // fc00::/7, unique local
        }
        return Optional.empty();
    }

    /** An address a webhook may not reach; the message names the rule, never the address's owner. */
    public static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String message) {
            super(message);
        }
    }

    /** A CIDR block such as {@code 10.20.0.0/16} or {@code fd00::/8}, or one address. */
    private record Network(byte[] prefix, int bits) {

        static Network parse(String cidr) {
            String[] parts = cidr.trim().split("/", 2);
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("careledger.webhooks.allow-networks: prefix length out of range");
                }
                return new Network(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("careledger.webhooks.allow-networks: each entry must be an address or CIDR block");
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != prefix.length) {
                return false;
            }
            int drop = prefix.length * 8 - bits;
            return new BigInteger(1, candidate).shiftRight(drop).equals(new BigInteger(1, prefix).shiftRight(drop));
        }
    }
}
