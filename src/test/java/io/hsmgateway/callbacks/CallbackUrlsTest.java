package io.hsmgateway.callbacks;

import io.hsmgateway.api.RejectedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public-address rule of callback URLs, on the forms reported (octal, NAT64, 6to4) and their kin. */
class CallbackUrlsTest {

    private final CallbackUrls urls = new CallbackUrls(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://0177.0.0.1/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/",
            "http://2130706433/", "http://0x7f000001/hook", "http://127.000.000.001:8080/",
            "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "http://[::ffff:7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/"})
    void loopbackAndPrivateAddressesInEveryFormAreRefused(String url) {
        assertThatThrownBy(() -> urls.check(url)).isInstanceOf(RejectedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hook", "http://[64:ff9b::808:808]/", "http://[2002:808:808::1]/"})
    void publicAddressesPass(String url) {
        assertThat(urls.check(url)).isEqualTo(url);
    }
}
