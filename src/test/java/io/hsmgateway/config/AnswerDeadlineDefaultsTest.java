package io.hsmgateway.config;

import io.hsmgateway.support.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REST caller whose Cloud API call hangs is answered PROVIDER_TIMEOUT only when the answer deadline outlasts the
 * longest path to that answer (media probe, in-line retries, connect, response timeout): the shipped defaults do,
 * and settings that do not are said at start-up, naming the keys.
 */
class AnswerDeadlineDefaultsTest {

    // Before: hsm.rest.answer-within-ms=10000 shipped, equal to hsm.whatsapp.response-timeout-ms alone.
    @Test
    void theShippedAnswerDeadlineOutlastsAHangingCloudApiCall() throws Exception {
        Properties defaults = new Properties();
        try (FileInputStream in = new FileInputStream("config/application.properties")) {
            defaults.load(in);
        }
        long longestCall = number(defaults, "hsm.media.probe-timeout-ms") + number(defaults, "hsm.delivery.inline-within-ms")
                + number(defaults, "hsm.whatsapp.connect-timeout-ms") + number(defaults, "hsm.whatsapp.response-timeout-ms");

        assertThat(number(defaults, "hsm.rest.answer-within-ms")).isGreaterThan(longestCall);
        assertThat(number(defaults, "hsm.http.idle-timeout-ms")).isGreaterThan(number(defaults, "hsm.rest.answer-within-ms"));
    }

    @Test
    void anAnswerDeadlineNoLongerThanAHangingCallIsSaidAtStartUp() {
        try (LogCapture log = LogCapture.start()) {
            GatewaySettings.warnWhenAHangingCallOutlastsTheAnswer(20000, 3000, 2000, 2000, 10000);
            assertThat(log.text()).doesNotContain("hsm.rest.answer-within-ms");

            GatewaySettings.warnWhenAHangingCallOutlastsTheAnswer(10000, 3000, 2000, 2000, 10000);
            assertThat(log.text()).contains("WARN", "hsm.rest.answer-within-ms=10000", "hsm.whatsapp.response-timeout-ms",
                    "hsm.delivery.inline-within-ms", "(17000 ms)", "IN_PROGRESS (202), not PROVIDER_TIMEOUT (504)");
        }
    }

    private static long number(Properties properties, String key) {
        return Long.parseLong(properties.getProperty(key).trim());
    }
}
