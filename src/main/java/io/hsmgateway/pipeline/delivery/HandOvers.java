package io.hsmgateway.pipeline.delivery;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.outcome.NotificationRecords;
import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.storage.ProcessLease;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.Exchange;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * The durable moment a notification is handed to the Cloud API, written right before each call and after every wait
 * (the per-number throttle, an in-line retry's backoff): a row says its call had begun only if it had. Should this
 * process die, a row whose call had begun is in doubt (UNKNOWN), and one that was still waiting is queued and sent
 * once by another process (or this one restarted) once this process's {@link ProcessLease} has lapsed.
 * <ul>
 *   <li>A new notification's first call inserts its PENDING row, owned by this process: one write, as before, only
 *   later. A request holding an idempotency key writes it only while it still holds the key.</li>
 *   <li>A later call (an in-line retry, a resumed notification) marks its row called, only while this process still
 *   owns it.</li>
 * </ul>
 * A row this process no longer owns was taken over (its lease lapsed while it waited): nothing is sent, nothing
 * recorded; the process that took it over sends it.
 */
public class HandOvers {

    public static final String BEAN_NAME = "handOvers";
    static final String TAKEN_OVER = "another gateway process took this notification over (this one's lease lapsed): it sends it";

    private static final SqlFiles SQL = new SqlFiles("");

    private final GroupCommit commits;
    private final NotificationRecords records;
    private final ProcessLease lease;

    public HandOvers(GroupCommit commits, NotificationRecords records, ProcessLease lease) {
        this.commits = commits;
        this.records = records;
        this.lease = lease;
    }

    /** Right before a Cloud API call. */
    public void calling(Exchange exchange) throws SQLException, InterruptedException {
        int rows;
        if (!Boolean.TRUE.equals(exchange.getProperty(Hsm.RECORDED, Boolean.class))) {
            boolean claimed = Boolean.TRUE.equals(exchange.getProperty(Hsm.IDEMPOTENCY_CLAIMED, Boolean.class));
            rows = commits.write(SQL.get(claimed ? "insert-notification-claimed" : "insert-notification"),
                    records.handedOver(exchange, lease.id()));
        } else {
            rows = commits.write(SQL.get("mark-called"), Map.of("id", exchange.getProperty(Hsm.NOTIFICATION_ID, String.class),
                    "owner", lease.id(), "now", Timestamp.from(Instant.now())));
        }
        if (rows == 0) {
            exchange.setProperty(Hsm.TAKEN_OVER, true);
            throw new RejectedException(ApiCode.SERVICE_UNAVAILABLE, Map.of("reason", TAKEN_OVER));
        }
        exchange.setProperty(Hsm.RECORDED, true);
    }

    /** A call that proved nothing was sent is tried again after a backoff: nothing is in flight meanwhile. */
    public void waiting(Exchange exchange) throws SQLException, InterruptedException {
        commits.write(SQL.get("mark-waiting"), records.waiting(exchange));
    }
}
