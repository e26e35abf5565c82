package io.hsmgateway.pipeline.media;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class PublicAddressDnsResolverTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "0.1.2.3", "100.64.0.1", "100.127.255.255", "192.0.0.8", "198.18.0.1",
            "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1"})
    void nonPublicAddressesAreRefused(String address) throws Exception {
        assertThat(PublicAddressDnsResolver.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.0.1.1", "151.101.1.69",
            "2a03:2880:f10c:83:face:b00c:0:25de", "::ffff:8.8.8.8"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(PublicAddressDnsResolver.isPublic(InetAddress.getByName(address))).isTrue();
    }
}
