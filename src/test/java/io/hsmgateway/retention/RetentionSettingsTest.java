package io.hsmgateway.retention;

import io.hsmgateway.config.SettingsReader;
import io.hsmgateway.config.StartupFailure;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys as config/application.properties ships them, and the values the gateway refuses to start with. */
class RetentionSettingsTest {

    static RetentionSettings load(String... overrides) throws Exception {
        Properties properties = new Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("config/application.properties"))) {
            properties.load(in);
        }
        for (int i = 0; i < overrides.length; i += 2) {
            properties.setProperty(overrides[i], overrides[i + 1]);
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(properties);
            return RetentionSettings.load(new SettingsReader(context.getPropertiesComponent()));
        }
    }

    @Test
    void theShippedDefaults() throws Exception {
        RetentionSettings s = load();
        assertThat(s.enabled()).isTrue();
        assertThat(s.intervalMs()).isEqualTo(600_000);
        assertThat(s.batchSize()).isEqualTo(500);
        assertThat(s.batchPause()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.notifications()).isEqualTo(Duration.ofDays(30));
        assertThat(s.idempotencyKeys()).isEqualTo(Duration.ofHours(48));
        assertThat(s.deadLetters()).isEqualTo(Duration.ofDays(14));
        assertThat(s.deliveredCallbacks()).isEqualTo(Duration.ofDays(7));
        assertThat(s.unmatchedStatuses()).isEqualTo(Duration.ofDays(7));
        assertThat(s.dropLedger()).isEqualTo(Duration.ofDays(30));
        assertThat(load("hsm.retention.drop-ledger-days", "0.5").dropLedger()).isEqualTo(Duration.ofHours(12));
        assertThat(load("hsm.retention.interval-ms", "0").enabled()).isFalse();
    }

    @Test
    void anIdempotencyKeyOutlivesItsWindowAndItsNotificationOutlivesTheKey() {
        assertThatThrownBy(() -> load("hsm.retention.idempotency-keys-hours", "23")).isInstanceOf(StartupFailure.class)
                .hasMessage("hsm.retention.idempotency-keys-hours=23: expected 24 or more (a key answers repeats for 24 hours)");
        assertThatThrownBy(() -> load("hsm.retention.notifications-days", "1.5")).isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("hsm.retention.notifications-days=1.5: expected at least hsm.retention.idempotency-keys-hours (48 hours)");
    }

    @Test
    void aNumberOfDaysIsAPositiveNumber() {
        for (String bad : new String[] {"0", "-1", "thirty", "", "1e9"}) {
            assertThatThrownBy(() -> load("hsm.retention.dead-letters-days", bad)).as(bad)
                    .isInstanceOf(StartupFailure.class).hasMessageContaining("hsm.retention.dead-letters-days");
        }
    }
}
