package io.hsmgateway.limits;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.hsmgateway.storage.Database;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import io.hsmgateway.support.Postgres;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A shared store that does not answer makes the limits per node for a while, with a WARN; it never stops a message. */
class LimitStoreOutageTest {

    static final String BODY = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}";

    /** Redis configured but nothing listening on its port (from start-up on): every notification is still sent. */
    @Test
    void aRedisThatIsDownStillLetsEveryNotificationThrough() throws Exception {
        int closedPort = Gateway.freePort();
        WireMockServer cloudApi = CloudApiStub.accepting();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.limits.redis-url", "redis://127.0.0.1:" + closedPort);
        properties.put("hsm.throttle.per-number", "5");
        properties.put("hsm.rest.rate-limit.per-key", "3");
        try (LogCapture log = LogCapture.start(); Gateway gateway = Gateway.start(properties)) {
            String key = gateway.website("outage", "4001", "t");
            gateway.template("outage", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");

            for (int i = 0; i < 3; i++) {
                assertThat(Gateway.json(gateway.notify("outage", key, BODY)).get("code").asText()).isEqualTo("SUCCESS");
                Thread.sleep(400); // past hsm.limits.store-retry-ms now and then: Redis is asked again, and fails again
            }
            // the per-key limit still holds, on this node: 3 a second
            List<String> codes = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                codes.add(Gateway.json(gateway.notify("outage", key, BODY)).get("code").asText());
            }
            assertThat(codes).contains("RATE_LIMITED");

            assertThat(cloudApi.findAll(postRequestedFor(anyUrl())).size()).isGreaterThanOrEqualTo(3);
            List<ILoggingEvent> warnings = log.events().stream()
                    .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("Rate limits: Redis does not answer"))
                    .toList();
            assertThat(warnings).as("one WARN for the outage, not one per notification").hasSize(1);
        } finally {
            cloudApi.stop();
        }
    }

    /**
     * The PostgreSQL store's connections fail for a while, then come back: counted on the node meanwhile (WARN),
     * shared again after (INFO), in the same table row as before.
     */
    @Test
    void aPostgresStoreThatFailsIsCountedLocallyThenSharedAgain() throws Exception {
        Map<String, String> db = Postgres.freshSchema().properties();
        try (HikariDataSource pool = Database.open(db.get("hsm.db.url"), db.get("hsm.db.user"), db.get("hsm.db.password"), 2);
             LogCapture log = LogCapture.start()) {
            BreakableDataSource store = new BreakableDataSource(pool);
            RateLimits limits = RateLimits.shared(new SharedBuckets("PostgreSQL", Bucket4jPostgreSQL.selectForUpdateBasedBuilder(store)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_buckets").idColumn("id").stateColumn("state")
                    .build(), "test:"), Duration.ofMillis(200), Duration.ofSeconds(60));

            limits.await("number:5001", 100);
            assertThat(limits.tryTake("key:k", 100)).isTrue();
            byte[] shared = state(pool, "test:number:5001@100");
            assertThat(shared).as("counted in the table").isNotNull();

            store.broken = true;
            for (int i = 0; i < 5; i++) {
                limits.await("number:5001", 100);          // returns: counted on this node
                assertThat(limits.tryTake("key:k", 100)).isTrue();
            }
            assertThat(state(pool, "test:number:5001@100")).as("nothing counted in the table meanwhile").isEqualTo(shared);
            assertThat(log.events().stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().startsWith("Rate limits: PostgreSQL does not answer"))).hasSize(1);

            store.broken = false;
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                limits.await("number:5001", 100);
                assertThat(state(pool, "test:number:5001@100")).isNotEqualTo(shared);
            });
            assertThat(log.events().stream().filter(e -> e.getLevel() == Level.INFO
                    && e.getFormattedMessage().startsWith("Rate limits: PostgreSQL answers again"))).hasSize(1);
        }
    }

    private static byte[] state(DataSource pool, String id) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT state FROM rate_limit_buckets WHERE id = '" + id + "'")) {
            return row.next() ? row.getBytes(1) : null;
        }
    }

    /** A real pool whose connections can be refused for a while, as a PostgreSQL that went away refuses them. */
    static final class BreakableDataSource implements DataSource {
        private final DataSource pool;
        volatile boolean broken;

        BreakableDataSource(DataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (broken) {
                throw new SQLTransientConnectionException("Connection refused (the test broke the store)");
            }
            return pool.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return pool.isWrapperFor(type);
        }
    }
}
