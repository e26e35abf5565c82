package io.hsmgateway.observe;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The retry queue's gauge reads the database's count, at most once per period however often it is scraped. */
class RetryQueueDepthTest {

    private final AtomicInteger connections = new AtomicInteger();
    private final ExecutorService counter = Executors.newSingleThreadExecutor();
    private DataSource dataSource;
    private Connection keepAlive;

    @BeforeEach
    void database() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        keepAlive = h2.getConnection();
        try (Statement sql = keepAlive.createStatement()) {
            sql.execute("CREATE TABLE notifications (id VARCHAR(36) PRIMARY KEY, status VARCHAR(16) NOT NULL)");
            sql.execute("INSERT INTO notifications VALUES ('a', 'RETRYING'), ('b', 'RETRYING'), ('c', 'SENT')");
        }
        // every connection the gauge takes is counted
        dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    return method.invoke(h2, args);
                });
    }

    @AfterEach
    void close() throws Exception {
        counter.shutdownNow();
        keepAlive.close();
    }

    @Test
    void aBurstOfScrapesAsksTheDatabaseOnce() {
        // the first count is held until the first scrape has been answered: on an in-memory database it could
        // otherwise finish before that scrape returns
        CountDownLatch firstScrapeAnswered = new CountDownLatch(1);
        Executor held = task -> counter.execute(() -> {
            try {
                firstScrapeAnswered.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            task.run();
        });
        RetryQueueDepth depth = new RetryQueueDepth(dataSource, Duration.ofMinutes(1), held);

        assertThat(depth.value()).as("before the first count").isNaN();
        firstScrapeAnswered.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> depth.value() == 2.0);
        for (int scrape = 0; scrape < 1000; scrape++) {
            assertThat(depth.value()).isEqualTo(2.0);
        }
        assertThat(connections).hasValue(1);
    }

    @Test
    void aStaleCountIsReplacedInTheBackground() throws Exception {
        RetryQueueDepth depth = new RetryQueueDepth(dataSource, Duration.ofMillis(300), counter);
        await().atMost(Duration.ofSeconds(10)).until(() -> depth.value() == 2.0);
        try (Statement sql = keepAlive.createStatement()) {
            sql.execute("INSERT INTO notifications VALUES ('d', 'RETRYING')");
        }
        long started = System.nanoTime();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> depth.value() == 3.0);
        long periods = Duration.ofNanos(System.nanoTime() - started).toMillis() / 300;
        assertThat(connections.get()).as("counts, polled every 10 ms").isLessThanOrEqualTo((int) periods + 2);
    }

    /** The reported drift: the gauge lagged one scrape behind (a scrape started the count the next one showed). */
    @Test
    void aScrapeAfterTheQueueChangedShowsTheNewDepth() throws Exception {
        RetryQueueDepth depth = new RetryQueueDepth(dataSource, Duration.ofMillis(1), counter);
        assertThat(depth.value()).isEqualTo(2.0);
        try (Statement sql = keepAlive.createStatement()) {
            sql.execute("INSERT INTO notifications VALUES ('e', 'RETRYING')");
        }
        Thread.sleep(2); // past the 1 ms period: the next scrape counts
        assertThat(depth.value()).isEqualTo(3.0);
    }
}
