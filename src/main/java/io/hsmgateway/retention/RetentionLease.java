package io.hsmgateway.retention;

import io.hsmgateway.storage.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The row that lets one node at a time purge (table {@code retention_lease}): taken with a conditional update when
 * it has expired (or is this node's already), renewed by its holder between batches, and at the end held until the
 * next purge is due, so that with several nodes on one database the purge runs about once per interval, by one of
 * them. A node that dies mid-purge holds it no longer than {@link #HOLD} after its last batch. Times are the nodes'
 * clocks, as for every other claim in the database: keep them in step (NTP).
 */
public class RetentionLease {

    /** How long a purge in progress holds the lease after each batch: far longer than one batch takes. */
    static final Duration HOLD = Duration.ofMinutes(2);

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlFiles sql = new SqlFiles("retention");
    private final String holder;
    private final Clock clock;

    public RetentionLease(NamedParameterJdbcTemplate jdbc, String holder, Clock clock) {
        this.jdbc = jdbc;
        this.holder = holder;
        this.clock = clock;
    }

    /** @return true when this node holds the lease now, for {@link #HOLD} */
    public boolean claim() {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.update(sql.get("claim-lease"), Map.of("holder", holder, "now", now,
                "until", Timestamp.from(clock.instant().plus(HOLD)))) == 1;
    }

    /** @return false when the lease is no longer this node's (it was slower than {@link #HOLD}): stop purging */
    public boolean renew() {
        return holdFor(HOLD);
    }

    /** The purge is done: no node needs to purge again before {@code untilNext} from now. */
    public void finish(Duration untilNext) {
        holdFor(untilNext);
    }

    private boolean holdFor(Duration duration) {
        return jdbc.update(sql.get("renew-lease"), Map.of("holder", holder,
                "until", Timestamp.from(clock.instant().plus(duration)))) == 1;
    }

    public String holder() {
        return holder;
    }
}
