package io.hsmgateway.observe;

import io.hsmgateway.storage.SqlFiles;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gauge {@code hsm_retry_queue_depth}: notifications queued for the retry worker (RETRYING), every node's, as the
 * database has them, current at each scrape: a scrape that finds the last count older than {@code refreshEvery}
 * starts a count and waits for it (at most {@link #WAIT_MS} ms, else it shows the last count). Counts run one at a
 * time on their own thread, and scrapes that come meanwhile wait for that same count; so the database is asked at most
 * once per {@code refreshEvery}, however many scrapers ask how often, and not at all while nobody scrapes. Until the
 * first count (or while the database is unreachable since start-up) the gauge is NaN, which Prometheus shows as no
 * value.
 */
public final class RetryQueueDepth {

    private static final Logger LOG = LoggerFactory.getLogger(RetryQueueDepth.class);
    private static final SqlFiles SQL = new SqlFiles("observe");
    /** A count that takes longer is abandoned; the gauge keeps its last value. */
    private static final int QUERY_TIMEOUT_SECONDS = 5;
    /** The longest a scrape waits for a fresh count. */
    static final long WAIT_MS = 1_000;

    private final DataSource dataSource;
    private final long refreshEveryNanos;
    private final Executor counter;
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile double depth = Double.NaN;
    private volatile long countedAt;
    private volatile boolean counted;
    private volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    /** @param counter runs the counts, one at a time (a single thread) */
    public RetryQueueDepth(DataSource dataSource, Duration refreshEvery, Executor counter) {
        this.dataSource = dataSource;
        this.refreshEveryNanos = refreshEvery.toNanos();
        this.counter = counter;
    }

    public void register(MeterRegistry registry) {
        Gauge.builder(GatewayMeters.RETRY_QUEUE_DEPTH, this, RetryQueueDepth::value).strongReference(true)
                .description("Notifications queued for the retry worker (RETRYING), all nodes together; "
                        + "counted in the database at most every few seconds")
                .register(registry);
    }

    /** The count; when the last one is stale, a new one (waited for, up to {@link #WAIT_MS} ms). */
    public double value() {
        if (!counted || System.nanoTime() - countedAt >= refreshEveryNanos) {
            try {
                refresh().get(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                // a slow database: this scrape shows the last count, the count goes on for the next one
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException cannotHappen) {
                // count() catches everything
            }
        }
        return depth;
    }

    /** Starts a count on the counter's thread unless one is running; either way, the count to wait for. */
    public CompletableFuture<Void> refresh() {
        if (!counting.compareAndSet(false, true)) {
            return inFlight;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight = done;
        try {
            counter.execute(() -> {
                try {
                    count();
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException stopping) {
            counting.set(false);
            done.complete(null);
        }
        return done;
    }

    private void count() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement(SQL.get("count-retrying"))) {
            count.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                depth = rows.getLong(1);
            }
        } catch (Exception e) {
            LOG.debug("Could not count the retry queue: the gauge keeps its last value", e);
        } finally {
            // a failed count waits its turn too: an unreachable database is not asked at every scrape
            countedAt = System.nanoTime();
            counted = true;
            counting.set(false);
        }
    }
}
