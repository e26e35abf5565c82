package io.hsmgateway.pipeline.media;

import java.util.regex.Pattern;

/**
 * Hosts that a URL parser reads as an IPv4 address. WHATWG's URL standard (browsers, many proxies) and C's
 * inet_aton (curl, most tools) read a host whose last label is a number as an address, in octal with a leading 0,
 * in hex with 0x, with fewer than four parts (127.1) or as one 32-bit number (2130706433); Java reads some of those
 * forms as decimal (0177.0.0.1 is 177.0.0.1 to it, 127.0.0.1 to curl). Only the one form they all read alike is
 * unambiguous: four decimal parts 0–255 without leading zeros and without a trailing dot.
 */
final class Ipv4Literals {

    private static final String PART = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern CANONICAL = Pattern.compile(PART + "(\\." + PART + "){3}");
    /** A last label that is a number in any base: what makes a parser read the whole host as an IPv4 address. */
    private static final Pattern NUMBER = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)");

    private Ipv4Literals() {
    }

    /** True when some parser reads this host as an IPv4 address and it is not in the canonical form. */
    static boolean isAmbiguous(String host) {
        if (host == null || host.isEmpty() || host.startsWith("[") || host.indexOf(':') >= 0) {
            return false;   // an IPv6 literal, or nothing to read
        }
        String withoutDot = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = withoutDot.substring(withoutDot.lastIndexOf('.') + 1);
        if (!NUMBER.matcher(last).matches()) {
            return false;   // a name (its last label is not a number): resolved by DNS, not parsed
        }
        return !CANONICAL.matcher(host).matches();
    }
}
