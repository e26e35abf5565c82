package io.hsmgateway.retention;

import io.hsmgateway.storage.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Deletes what is kept only for a while ({@link RetentionSettings}), on the node that holds the {@link RetentionLease}.
 * Each statement deletes at most {@code batchSize} rows and is followed by a pause, so that a backlog of millions is
 * worked through as a trickle beside the hot path rather than as one long transaction holding locks and the
 * connection; each statement's WHERE clause is on an index (V21__retention.sql). A notification goes with its
 * WhatsApp statuses and status callbacks, in one transaction per batch.
 */
public class RetentionPurge {

    public static final String BEAN_NAME = "retentionPurge";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
    /** After a batch, at least this many times its own duration of pause: the purge's share of time is 1 / (1 + this). */
    static final long BUSY_SHARE = 3;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final RetentionLease lease;
    private final RetentionSettings settings;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final SqlFiles sql = new SqlFiles("retention");

    /** @param stopping true once the gateway is stopping: the purge ends after the statement in progress */
    public RetentionPurge(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, RetentionLease lease,
                          RetentionSettings settings, Clock clock, BooleanSupplier stopping) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.lease = lease;
        this.settings = settings;
        this.clock = clock;
        this.stopping = stopping;
    }

    /**
     * One purge, if this node gets the lease. Never throws: a failure (the database away, say) is logged and the
     * next interval tries again, so the scheduler's health check never takes the node out of readiness for it.
     *
     * @return rows deleted per kind (empty when another node holds the lease)
     */
    public Map<String, Long> run() {
        Map<String, Long> deleted = new LinkedHashMap<>();
        try {
            if (!lease.claim()) {
                LOG.debug("Retention: another node is purging");
                return deleted;
            }
            long started = System.nanoTime();
            boolean held = purgeByAge("idempotency keys", "idempotency-keys", settings.idempotencyKeys(), deleted)
                    && purgeByAge("drop-folder ledger entries", "drop-ledger", settings.dropLedger(), deleted)
                    && purge("replayed dead letters", "delete-dead-letters", settings.deadLetters(), deleted)
                    && purge("delivered status callbacks", "delete-delivered-callbacks", settings.deliveredCallbacks(), deleted)
                    && purge("unmatched WhatsApp statuses", "delete-unmatched-statuses", settings.unmatchedStatuses(), deleted)
                    && purgeNotifications(deleted)
                    && purge("orphaned statuses", "delete-orphan-statuses", settings.notifications(), deleted)
                    && purge("orphaned status callbacks", "delete-orphan-callbacks", settings.notifications(), deleted);
            if (held) {
                lease.finish(Duration.ofMillis(settings.intervalMs()));
            }
            long total = deleted.values().stream().mapToLong(Long::longValue).sum();
            if (total > 0 || !held) {
                LOG.info("Retention: purged {} in {} ms{}", deleted, (System.nanoTime() - started) / 1_000_000,
                        held ? "" : " (stopped early: the gateway is stopping, or the lease was lost)");
            }
        } catch (RuntimeException e) {
            LOG.warn("Retention: the purge failed, next try in {} ms: {}", settings.intervalMs(), e.getMessage());
            LOG.debug("Retention purge failure", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return deleted;
    }

    /** @return false when the purge must stop (stopping, or the lease is lost) */
    private boolean purge(String what, String statement, Duration keep, Map<String, Long> deleted)
            throws InterruptedException {
        Map<String, Object> params = Map.of("before", before(keep), "limit", settings.batchSize());
        long rows = 0;
        try {
            while (true) {
                long started = System.nanoTime();
                int batch = jdbc.update(sql.get(statement), params);
                rows += batch;
                if (batch < settings.batchSize()) {
                    return true;
                }
                if (!pauseAndRenew(started)) {
                    return false;
                }
            }
        } finally {
            deleted.put(what, rows);
        }
    }

    /**
     * A table keyed by more than one column (idempotency keys, the ledger): each batch deletes up to the time of the
     * batch's newest row (rows of that very same time go too), found with its index's range, as the delete is.
     */
    private boolean purgeByAge(String what, String table, Duration keep, Map<String, Long> deleted)
            throws InterruptedException {
        Map<String, Object> params = Map.of("before", before(keep), "limit", settings.batchSize());
        long rows = 0;
        try {
            while (true) {
                long started = System.nanoTime();
                Timestamp cutoff = jdbc.queryForObject(sql.get("oldest-" + table), params, Timestamp.class);
                if (cutoff == null) {
                    return true;
                }
                int batch = jdbc.update(sql.get("delete-" + table), Map.of("cutoff", cutoff));
                rows += batch;
                if (batch < settings.batchSize()) {
                    return true;
                }
                if (!pauseAndRenew(started)) {
                    return false;
                }
            }
        } finally {
            deleted.put(what, rows);
        }
    }

    private boolean purgeNotifications(Map<String, Long> deleted) throws InterruptedException {
        Map<String, Object> find = Map.of("before", before(settings.notifications()), "limit", settings.batchSize());
        long notifications = 0;
        long[] children = new long[2];
        try {
            while (true) {
                long started = System.nanoTime();
                List<String> ids = jdbc.queryForList(sql.get("find-expired-notifications"), find, String.class);
                if (!ids.isEmpty()) {
                    Map<String, Object> batch = Map.of("ids", ids);
                    Integer gone = transactions.execute(status -> {
                        int n = jdbc.update(sql.get("delete-notifications"), batch);
                        children[0] += jdbc.update(sql.get("delete-notification-statuses"), batch);
                        children[1] += jdbc.update(sql.get("delete-notification-callbacks"), batch);
                        return n;
                    });
                    notifications += gone == null ? 0 : gone;
                }
                if (ids.size() < settings.batchSize()) {
                    return true;
                }
                if (!pauseAndRenew(started)) {
                    return false;
                }
            }
        } finally {
            deleted.put("notifications", notifications);
            deleted.put("their statuses", children[0]);
            deleted.put("their status callbacks", children[1]);
        }
    }

    /**
     * Pauses {@code batch-pause-ms}, or three times as long as the batch took if that is longer: the purge has the
     * database at most a quarter of the time, however slow it is (a busy server, a big backlog), and the hot path's
     * statements get the rest. Measured (bench/retention.sh): at half the time, a 150,000-notification backlog cost a
     * REST burst on 2 shared cores about a fifth of its rate.
     */
    private boolean pauseAndRenew(long batchStarted) throws InterruptedException {
        if (stopping.getAsBoolean()) {
            return false;
        }
        long pauseMs = Math.max(settings.batchPause().toMillis(), BUSY_SHARE * (System.nanoTime() - batchStarted) / 1_000_000);
        if (pauseMs > 0) {
            Thread.sleep(pauseMs);
        }
        return !stopping.getAsBoolean() && lease.renew();
    }

    private Timestamp before(Duration keep) {
        return Timestamp.from(clock.instant().minus(keep));
    }
}
