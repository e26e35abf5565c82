package io.hsmgateway.pipeline.media;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicAddressDnsResolverTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "0.1.2.3", "100.64.0.1", "100.127.255.255", "192.0.0.8", "198.18.0.1",
            "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1",
            // NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo (2001::/32, inverted) around a private IPv4 address;
            // local-use NAT64, discard-only and documentation prefixes
            "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::c0a8:101", "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:101::",
            "2001:0:4136:e378:8000:63bf:80ff:fffe", "64:ff9b:1::808:808", "100::1", "2001:db8::1"})
    void nonPublicAddressesAreRefused(String address) throws Exception {
        assertThat(PublicAddressDnsResolver.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.0.1.1", "151.101.1.69",
            "2a03:2880:f10c:83:face:b00c:0:25de", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(PublicAddressDnsResolver.isPublic(InetAddress.getByName(address))).isTrue();
    }

    /** What curl or a browser would read as 127.0.0.1 (or any address) but Java may read otherwise: never reached. */
    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "2130706433", "127.1", "0x7f.0.0.1", "0x7f000001", "017700000001",
            "127.000.000.001", "08.8.8.8", "8.8.8.8.", "1.2.3.4.5", "1.2.3.0x4"})
    void numbersNotInTheOneUnambiguousFormAreRefusedUnresolved(String host) {
        assertThatThrownBy(() -> new PublicAddressDnsResolver().resolve(host))
                .isInstanceOf(PublicAddressDnsResolver.NonPublicAddressException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "151.101.1.69"})
    void canonicalPublicAddressesResolve(String host) throws Exception {
        assertThat(new PublicAddressDnsResolver().resolve(host)).isNotEmpty();
    }
}
