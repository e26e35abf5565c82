package io.hsmgateway.doors.file;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which node holds which dropped file, shared by every node through the database: the drop folders' read lock
 * (Camel's {@code readLock=idempotent-changed} for the file door, {@link SftpDropLock} for the SFTP door). Camel's
 * {@link JdbcOrphanLockAwareIdempotentRepository} on table {@code CAMEL_MESSAGEPROCESSED} (its own processor name
 * per door): a row per file being processed, its {@code createdAt} renewed every {@code lockKeepAliveIntervalMillis}
 * while its node holds it; a row older than {@code lockMaxAgeMillis} is a dead node's, and the next node to look
 * takes the file over. Released (deleted) once the file is moved to .done/ or .error/.
 * <p>
 * Taking a lock is made race-free here, as Camel's {@code add} is not: two nodes that both find no row both insert
 * (the second one's add then fails with a duplicate key instead of answering false), two nodes that both find a dead
 * node's row both "take it over", and a row taken over is not renewed by its new holder (so a third node takes it
 * again one lease later, in the middle of the file). Here a lock is taken by an INSERT (a duplicate key: another node
 * has it) or, for a dead node's row, by an UPDATE conditional on the row still being stale (one node wins it); either
 * way the row is then written through Camel's own insert, which registers it for the keep-alive.
 * <p>
 * Times are each node's clock, as for the process lease: keep the nodes' clocks in sync (NTP) and in one time zone.
 */
public class DropFileLocks extends JdbcOrphanLockAwareIdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(DropFileLocks.class);

    private static final String TAKE_OVER = "UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?"
            + " WHERE processorName = ? AND messageId = ? AND createdAt < ?";
    private static final String EXISTS = "SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?";

    /** The files this node holds a lock on. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public DropFileLocks(DataSource dataSource, String processorName, CamelContext context,
                         long lockMaxAgeMillis, long lockKeepAliveIntervalMillis) {
        super(dataSource, processorName, context);
        setLockMaxAgeMillis(lockMaxAgeMillis);
        setLockKeepAliveIntervalMillis(lockKeepAliveIntervalMillis);
        setCreateTableIfNotExists(false); // Flyway V2 creates it
    }

    /** @return true if this node now holds the file: nobody held it, or its holder stopped renewing it (died) */
    @Override
    public boolean add(String key) {
        try {
            return Boolean.TRUE.equals(transactionTemplate.execute(status -> {
                try {
                    return take(key);
                } catch (DataIntegrityViolationException anotherNodeTookIt) {
                    // PostgreSQL cannot go on in a transaction after a failed statement: nothing of it is kept
                    status.setRollbackOnly();
                    return false;
                }
            }));
        } catch (RuntimeException e) {
            // not committed (the database went away, say): not ours, so never released by this node
            held.remove(key);
            // Camel logs a failed add at TRACE only and skips the file: say it, it is tried again at the next poll
            LOG.warn("Could not take the lock of {} ({}): {}", key, getProcessorName(), e.getMessage());
            return false;
        }
    }

    /**
     * Releases a lock this node holds; any other key is left alone. Camel's file consumer removes the key of every
     * file it listed but did not start from its endpoint's idempotentRepository (meant for idempotent=true, done even
     * without it unless idempotentEager=false): that would delete the lock of a file another node is processing.
     */
    @Override
    public boolean remove(String key) {
        if (!held.remove(key)) {
            return false;
        }
        return super.remove(key);
    }

    private boolean take(String key) {
        if (queryForInt(key) > 0) {
            return false; // a live lock: another node (or this one) is on the file
        }
        long now = System.currentTimeMillis();
        int takenOver = jdbcTemplate.update(TAKE_OVER, new Timestamp(now), processorName, key,
                new Timestamp(now - getLockMaxAgeMillis()));
        if (takenOver == 1) {
            // the row is ours until commit; written again through Camel's insert so that the keep-alive renews it
            LOG.warn("Taking over {} ({}): the node that had it stopped renewing its lock over {} ms ago",
                    key, getProcessorName(), getLockMaxAgeMillis());
            delete(key);
        } else if (jdbcTemplate.queryForObject(EXISTS, Integer.class, processorName, key) > 0) {
            return false; // another node took it between our two looks
        }
        insert(key); // a duplicate key here: another node inserted it first
        held.add(key);
        return true;
    }
}
