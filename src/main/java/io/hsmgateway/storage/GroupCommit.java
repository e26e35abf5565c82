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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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

    /** One statement of a unit of writes, with its named parameters. */
    public record Statement(String sql, Map<String, ?> parameters) {
    }

    /** One caller's statements, committed in one transaction; completed once, by the committer whose transaction held it. */
    private static final class Write {
        final ParsedSql[] sql;
        final Map<String, ?>[] parameters;
        final int[] rows;
        final Thread caller = Thread.currentThread();
        SQLException failure;
        volatile boolean done;

        @SuppressWarnings("unchecked")
        Write(ParsedSql[] sql, Map<String, ?>[] parameters) {
            this.sql = sql;
            this.parameters = parameters;
            this.rows = new int[sql.length];
        }

        void complete(SQLException failure) {
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
    /** Callers' writes and the transactions that committed them: how much one commit serves (hsm_db_* meters). */
    private final LongAdder writesCommitted = new LongAdder();
    private final LongAdder commits = new LongAdder();

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
        return writeTogether(List.of(new Statement(sql, parameters)))[0];
    }

    /**
     * Runs the statements, in order, in one transaction (with other callers' writes) and returns once they are
     * committed: facts that belong together (a notification's outcome and its stored answer) cost one commit, and
     * are on disk together or not at all.
     *
     * @return the rows each statement changed, in order
     * @throws SQLException what the database answered for one of them (none of them is then committed)
     * @throws InterruptedException the caller was interrupted while waiting; its writes may still be committed
     */
    @SuppressWarnings("unchecked")
    public int[] writeTogether(List<Statement> statements) throws SQLException, InterruptedException {
        ParsedSql[] sql = new ParsedSql[statements.size()];
        Map<String, ?>[] parameters = new Map[statements.size()];
        for (int i = 0; i < sql.length; i++) {
            sql[i] = parse(statements.get(i).sql());
            parameters[i] = statements.get(i).parameters();
        }
        Write write = new Write(sql, parameters);
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

    private ParsedSql parse(String sql) {
        return parsed.computeIfAbsent(sql, s -> NamedParameterUtils.parseSqlStatement(s.replace(":#", ":")));
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
        ParsedSql[] parsedSql = {parse(sql)};
        List<Write> writes = new ArrayList<>(rows.size());
        rows.forEach(row -> writes.add(new Write(parsedSql, new Map[] {row})));
        if (!writes.isEmpty()) {
            committers.acquire();
            try {
                commit(writes);
            } catch (RuntimeException e) {
                SQLException failure = new SQLException(e.getMessage(), e);
                writes.stream().filter(write -> !write.done).forEach(write -> write.complete(failure));
            } finally {
                committers.release();
            }
            wakeNextWaiter();
        }
        List<SQLException> failures = new ArrayList<>(writes.size());
        writes.forEach(write -> failures.add(write.failure));
        return failures;
    }

    /** Callers' writes committed so far (a write: the statements one caller commits together). */
    public long writesCommitted() {
        return writesCommitted.sum();
    }

    /** Transactions committed so far, each holding one write or many. */
    public long commits() {
        return commits.sum();
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
            batch.forEach(write -> write.complete(failure));
        }
        return true;
    }

    private void commit(List<Write> batch) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                executeInOrder(connection, batch);
                connection.commit();
                commits.increment();
                writesCommitted.add(batch.size());
                batch.forEach(write -> write.complete(null));
            } catch (SQLException failed) {
                connection.rollback();
                if (batch.size() == 1) {
                    batch.get(0).complete(failed);
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
            batch.forEach(write -> write.complete(noConnection));
        }
    }

    /**
     * Every write's first statement, then every write's second, ...: each write's own statements run in its order.
     * At each position the writes of one statement go as one JDBC batch: one round trip to a database server.
     */
    private static void executeInOrder(Connection connection, List<Write> batch) throws SQLException {
        int longest = 0;
        for (Write write : batch) {
            longest = Math.max(longest, write.sql.length);
        }
        for (int position = 0; position < longest; position++) {
            Map<ParsedSql, List<Write>> byStatement = new LinkedHashMap<>();
            for (Write write : batch) {
                if (position < write.sql.length) {
                    byStatement.computeIfAbsent(write.sql[position], sql -> new ArrayList<>()).add(write);
                }
            }
            for (Map.Entry<ParsedSql, List<Write>> run : byStatement.entrySet()) {
                execute(connection, run.getKey(), run.getValue(), position);
            }
        }
    }

    /** Runs statement {@code position} of each write, in order, and keeps the rows each changed. */
    private static void execute(Connection connection, ParsedSql parsedSql, List<Write> run, int position) throws SQLException {
        String sql = NamedParameterUtils.substituteNamedParameters(parsedSql, new MapSqlParameterSource(run.get(0).parameters[position]));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Write write : run) {
                Object[] values = NamedParameterUtils.buildValueArray(parsedSql, new MapSqlParameterSource(write.parameters[position]), null);
                for (int i = 0; i < values.length; i++) {
                    // as Spring's JdbcTemplate binds them (a null's SQL type asked of the driver)
                    StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, values[i]);
                }
                if (run.size() == 1) {
                    write.rows[position] = statement.executeUpdate();
                    return;
                }
                statement.addBatch();
            }
            int[] rows = statement.executeBatch();
            for (int i = 0; i < rows.length; i++) {
                run.get(i).rows[position] = rows[i];
            }
        }
    }
}
