package io.hsmgateway.storage;

import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes of many callers, committed together: each caller hands over one statement and returns once the
 * transaction holding it has committed, so a write is on disk before its caller goes on, as with a commit of its
 * own. A caller that finds a committer's place free takes it and commits whatever is waiting (up to
 * {@code maxBatch} statements, its own among them) in one transaction; the others wait for that commit. Alone,
 * a caller commits its own write on its own thread, with no hand-over; under load one commit serves many
 * notifications, where the database's commit (H2's store lock, PostgreSQL's WAL flush) is what every caller
 * used to queue for.
 * <p>
 * A batch that fails is tried again one statement at a time, so a bad statement fails its own caller only.
 * <p>
 * Waiting costs nothing: a waiter is parked and woken by the commit of its write, or by a committer that leaves
 * writes behind it in the queue (the waiter at the head then commits them). A committer never spins on a write
 * another committer holds.
 */
public class GroupCommit {

    public static final String BEAN_NAME = "groupCommit";

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** A parked waiter looks again after this long even if nobody woke it: a safety net, the hand-overs wake it. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One caller's statement; completed once, by the committer whose transaction held it. */
    private static final class Write {
        final ParsedSql sql;
        final Map<String, ?> parameters;
        final Thread caller = Thread.currentThread();
        int rows;
        SQLException failure;
        volatile boolean done;

        Write(ParsedSql sql, Map<String, ?> parameters) {
            this.sql = sql;
            this.parameters = parameters;
        }

        void complete(int rows, SQLException failure) {
            this.rows = rows;
            this.failure = failure;
            done = true;
            LockSupport.unpark(caller);
        }
    }

    private final DataSource dataSource;
    private final int maxBatch;
    private final Semaphore committers;
    private final Queue<Write> queue = new ConcurrentLinkedQueue<>();
    private final Map<String, ParsedSql> parsed = new ConcurrentHashMap<>();

    /**
     * @param committers transactions at once at most (each holds one connection while it commits)
     * @param maxBatch   statements in one transaction at most
     */
    public GroupCommit(DataSource dataSource, int committers, int maxBatch) {
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.committers = new Semaphore(committers);
    }

    /**
     * Runs the statement (named parameters, {@code :name} or camel-sql's {@code :#name}) and returns once it is
     * committed.
     *
     * @return the rows it changed
     * @throws SQLException what the database answered for this statement (the connection's failure included)
     * @throws InterruptedException the caller was interrupted while waiting; its write may still be committed
     */
    public int write(String sql, Map<String, ?> parameters) throws SQLException, InterruptedException {
        Write write = new Write(parsed.computeIfAbsent(sql, s -> NamedParameterUtils.parseSqlStatement(s.replace(":#", ":"))),
                parameters);
        queue.add(write);
        while (!write.done) {
            if (committers.tryAcquire()) {
                try {
                    // batches until this write has been taken: by this thread (then it is done) or by another
                    // committer (then the queue ran dry, and that committer wakes this thread when it commits)
                    while (!write.done && commitNextBatch()) {
                        // next batch
                    }
                } finally {
                    committers.release();
                }
                wakeNextWaiter();
            }
            if (!write.done) {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException("Interrupted while waiting for a commit");
                }
            }
        }
        if (write.failure != null) {
            throw write.failure;
        }
        return write.rows;
    }

    /**
     * Runs one statement for many rows in one transaction (one JDBC batch) and returns once it is committed: a
     * webhook's statuses are stored in one commit, not one each. It takes a committer's place like any batch (so no
     * more connections than {@code committers}); if the batch fails, each row is tried on its own, so a bad row
     * (a duplicate key) fails alone.
     *
     * @return per row, in order: null if it was written, else what the database answered for it
     * @throws InterruptedException the caller was interrupted while waiting for a committer's place; nothing written
     */
    public List<SQLException> writeAll(String sql, List<? extends Map<String, ?>> rows) throws InterruptedException {
        ParsedSql parsedSql = parsed.computeIfAbsent(sql, s -> NamedParameterUtils.parseSqlStatement(s.replace(":#", ":")));
        List<Write> writes = new ArrayList<>(rows.size());
        rows.forEach(row -> writes.add(new Write(parsedSql, row)));
        if (!writes.isEmpty()) {
            committers.acquire();
            try {
                commit(writes);
            } catch (RuntimeException e) {
                SQLException failure = new SQLException(e.getMessage(), e);
                writes.stream().filter(write -> !write.done).forEach(write -> write.complete(0, failure));
            } finally {
                committers.release();
            }
            wakeNextWaiter();
        }
        List<SQLException> failures = new ArrayList<>(writes.size());
        writes.forEach(write -> failures.add(write.failure));
        return failures;
    }

    /** The database refused a write as a duplicate of a unique key (SQLSTATE 23505, on H2 and PostgreSQL alike). */
    public static boolean isDuplicateKey(SQLException refused) {
        return "23505".equals(refused.getSQLState());
    }

    /** Writes left behind get a committer now rather than at their waiter's next look. */
    private void wakeNextWaiter() {
        Write next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.caller);
        }
    }

    /** @return false if nothing was waiting */
    private boolean commitNextBatch() {
        List<Write> batch = new ArrayList<>();
        for (Write next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return false;
        }
        try {
            commit(batch);
        } catch (RuntimeException e) {
            SQLException failure = new SQLException(e.getMessage(), e);
            batch.forEach(write -> write.complete(0, failure));
        }
        return true;
    }

    private void commit(List<Write> batch) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                int[] counts = new int[batch.size()];
                // a run of writes of one statement goes as one JDBC batch: one round trip to a database server
                for (int from = 0, to; from < batch.size(); from = to) {
                    to = from + 1;
                    while (to < batch.size() && batch.get(to).sql == batch.get(from).sql) {
                        to++;
                    }
                    execute(connection, batch.subList(from, to), counts, from);
                }
                connection.commit();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(counts[i], null);
                }
            } catch (SQLException failed) {
                connection.rollback();
                if (batch.size() == 1) {
                    batch.get(0).complete(0, failed);
                } else {
                    LOG.debug("A batch of {} writes failed ({}): each is tried on its own", batch.size(), failed.getMessage());
                    for (Write write : batch) {
                        commit(List.of(write));
                    }
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException noConnection) {
            batch.forEach(write -> write.complete(0, noConnection));
        }
    }

    /** Runs writes of one statement, in order, and puts the rows each changed in {@code counts} from {@code offset}. */
    private static void execute(Connection connection, List<Write> run, int[] counts, int offset) throws SQLException {
        ParsedSql parsedSql = run.get(0).sql;
        String sql = NamedParameterUtils.substituteNamedParameters(parsedSql, new MapSqlParameterSource(run.get(0).parameters));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Write write : run) {
                Object[] values = NamedParameterUtils.buildValueArray(parsedSql, new MapSqlParameterSource(write.parameters), null);
                for (int i = 0; i < values.length; i++) {
                    // as Spring's JdbcTemplate binds them (a null's SQL type asked of the driver)
                    StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, values[i]);
                }
                if (run.size() == 1) {
                    counts[offset] = statement.executeUpdate();
                    return;
                }
                statement.addBatch();
            }
            int[] rows = statement.executeBatch();
            System.arraycopy(rows, 0, counts, offset, rows.length);
        }
    }
}
