package io.hsmgateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported attack: a Cloud API stand-in answering 300 made-up error codes made 300 series of
 * hsm_cloudapi_errors_total. The labels come from a bounded set: unknown codes are counted together as "other".
 */
class CloudApiErrorLabelsTest {

    @Test
    void madeUpCodesAreCountedTogetherAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMeters meters = new GatewayMeters(registry, Set.of(999_001));
        Random random = new Random(22);
        for (int i = 0; i < 300; i++) {
            meters.cloudApiError(1_000_000_000 + random.nextInt(1_000_000), 400);
        }
        meters.cloudApiError(131026, 400);    // documented by WhatsApp
        meters.cloudApiError(999_001, 400);   // named by the operator (hsm.delivery.*-codes)
        meters.cloudApiError(null, 503);      // no code: the HTTP status
        meters.cloudApiError(null, 200);      // an "error" with a status that is none: grouped too
        meters.cloudApiError(null, 0);

        TreeMap<String, Double> series = new TreeMap<>();
        for (Counter counter : registry.find(GatewayMeters.CLOUD_API_ERRORS).counters()) {
            series.put(counter.getId().getTag("code"), counter.count());
        }
        assertThat(series).containsExactlyEntriesOf(new TreeMap<>(java.util.Map.of(
                "other", 300.0, "131026", 1.0, "999001", 1.0, "http_503", 1.0, "http_other", 2.0)));
    }
}
