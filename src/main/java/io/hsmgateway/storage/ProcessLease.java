package io.hsmgateway.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * This process's lease in the database: an id of its own, renewed every {@code hsm.process.lease-renew-ms}. Whatever
 * the process claims or is about to send carries the id; another process (on any node, or this node restarted) takes
 * it over once the lease has lapsed ({@code hsm.process.lease-expires-ms}), instead of waiting for a fixed staleness.
 * A process stopped cleanly ends its lease at once. A process that is merely slow and lost its lease finds its claim
 * taken when it records its call (a conditional write), and sends nothing.
 */
public class ProcessLease {

    public static final String BEAN_NAME = "processLease";

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLease.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlFiles sql = new SqlFiles("processes");
    private final String id = UUID.randomUUID().toString();
    private final Duration renewEvery;
    private final Duration expiresAfter;

    public ProcessLease(DataSource dataSource, Duration renewEvery, Duration expiresAfter) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.renewEvery = renewEvery;
        this.expiresAfter = expiresAfter;
        jdbc.update(sql.get("register"), Map.of("processId", id, "now", Timestamp.from(Instant.now())));
    }

    public String id() {
        return id;
    }

    /** Renewed by the lease route; a failure (the database away) is logged and tried again at the next renewal. */
    public void renew() {
        try {
            Instant now = Instant.now();
            if (jdbc.update(sql.get("renew"), Map.of("processId", id, "now", Timestamp.from(now))) == 0) {
                jdbc.update(sql.get("register"), Map.of("processId", id, "now", Timestamp.from(now)));
            }
            jdbc.update(sql.get("drop-lapsed"), Map.of("before", Timestamp.from(now.minus(Duration.ofDays(1)))));
        } catch (RuntimeException e) {
            LOG.warn("Could not renew this process's lease: {}", e.getMessage());
        }
    }

    /** Whether the process holding {@code processId}'s lease may still act on it; null (no owner recorded) is not. */
    public boolean alive(String processId) {
        if (processId == null) {
            return false;
        }
        if (processId.equals(id)) {
            return true;
        }
        Integer rows = jdbc.queryForObject(sql.get("find-alive"), Map.of("processId", processId,
                "lapsedBefore", Timestamp.from(lapsedBefore())), Integer.class);
        return rows != null && rows > 0;
    }

    /**
     * Waits for the lease of a process that has stopped renewing it (two renewals missed: it is gone, most likely
     * killed just before this process started) to lapse, at most until it would. A process that renews its lease is
     * not waited for.
     *
     * @return whether the lease has lapsed now
     */
    public boolean awaitLapse(String processId) throws InterruptedException {
        if (processId == null || processId.equals(id)) {
            return processId == null;
        }
        Instant renewed = jdbc.queryForList(sql.get("find-renewed"), Map.of("processId", processId), Timestamp.class)
                .stream().findFirst().map(Timestamp::toInstant).orElse(null);
        if (renewed == null || renewed.isBefore(lapsedBefore())) {
            return true;
        }
        if (renewed.isAfter(Instant.now().minus(renewEvery.multipliedBy(2)))) {
            return false; // renewing: alive
        }
        Instant lapses = renewed.plus(expiresAfter);
        while (Instant.now().isBefore(lapses)) {
            Thread.sleep(Math.min(200, Math.max(1, Duration.between(Instant.now(), lapses).toMillis() + 1)));
        }
        return !alive(processId);
    }

    /** Leases renewed before this have lapsed. */
    public Instant lapsedBefore() {
        return Instant.now().minus(expiresAfter);
    }

    /** A clean stop: what this process left is another's at once. */
    public void end() {
        try {
            jdbc.update(sql.get("end"), Map.of("processId", id));
        } catch (RuntimeException e) {
            LOG.warn("Could not end this process's lease: {}", e.getMessage());
        }
    }
}
