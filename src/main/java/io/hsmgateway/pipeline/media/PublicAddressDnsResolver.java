package io.hsmgateway.pipeline.media;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves media hosts for the probe's HTTP client and refuses any name that resolves to a
 * loopback, private, link-local or otherwise non-public address. Checking at connect time (not before)
 * covers every redirect hop and leaves no gap for a name that resolves differently the second time.
 */
public class PublicAddressDnsResolver implements DnsResolver {

    private final DnsResolver system = SystemDefaultDnsResolver.INSTANCE;

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        // Java reads 0177.0.0.1 as 177.0.0.1, curl and browsers (and a proxy on the way) as 127.0.0.1: a number
        // that is not in the one form every parser reads alike is refused before anyone reads it
        if (Ipv4Literals.isAmbiguous(host)) {
            throw new NonPublicAddressException(host);
        }
        InetAddress[] addresses = system.resolve(host);
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new NonPublicAddressException(host);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0                                        // 0.0.0.0/8 "this network"
                    && !(first == 100 && second >= 64 && second < 128) // 100.64.0.0/10 carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 protocol assignments
                    && !(first == 198 && (second == 18 || second == 19))    // 198.18.0.0/15 benchmarking
                    && first < 240;                                     // 240.0.0.0/4 reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {                                // fc00::/7 unique local
                return false;
            }
            if (startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)        // 64:ff9b:1::/48 local-use NAT64
                    || startsWith(b, 0x01, 0x00, 0, 0, 0, 0, 0, 0)       // 100::/64 discard-only
                    || startsWith(b, 0x20, 0x01, 0x0d, 0xb8)) {           // 2001:db8::/32 documentation
                return false;
            }
            // an IPv4 address inside an IPv6 one is reached through it: the IPv4 address decides
            if (isIpv4Embedded(b) || startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
                return isPublicIpv4(b[12], b[13], b[14], b[15]);        // ::ffff:a.b.c.d, ::a.b.c.d, NAT64 64:ff9b::/96
            }
            if (startsWith(b, 0x20, 0x02)) {                            // 6to4 2002:aabb:ccdd::/48
                return isPublicIpv4(b[2], b[3], b[4], b[5]);
            }
            if (startsWith(b, 0x20, 0x01, 0x00, 0x00)) {                // Teredo 2001::/32: the client's address, inverted
                return isPublicIpv4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]);
            }
        }
        return true;
    }

    private static boolean isPublicIpv4(byte a, byte b, byte c, byte d) {
        try {
            return isPublic(InetAddress.getByAddress(new byte[] {a, b, c, d}));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean startsWith(byte[] address, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((address[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4Embedded(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
    }

    /** The host resolves, but to an address the probe must not reach. */
    public static class NonPublicAddressException extends UnknownHostException {
        public NonPublicAddressException(String host) {
            super(host + " resolves to a non-public address");
        }
    }
}
