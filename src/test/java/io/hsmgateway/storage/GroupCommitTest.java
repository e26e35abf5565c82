package io.hsmgateway.storage;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group commit on a real (in-memory H2) database: committed before the caller goes on, shared under load, failures kept apart. */
class GroupCommitTest {

    private static final String INSERT = "INSERT INTO rows_written (id, v) VALUES (:#id, :#v)";

    private JdbcDataSource h2;
    private final AtomicInteger commits = new AtomicInteger();
    /** While set, a commit through {@link #counting} waits for it to open. */
    private volatile CountDownLatch commitGate;
    private DataSource counting;

    @BeforeEach
    void database() throws SQLException {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rows_written (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)");
        }
        counting = countingCommits(h2);
    }

    @Test
    void aWriteIsCommittedBeforeItsCallerGoesOn() throws Exception {
        GroupCommit group = new GroupCommit(counting, 2, 64);

        assertThat(group.write(INSERT, Map.of("id", 1, "v", "a"))).isEqualTo(1);

        // another connection sees it at once: committed, not merely written
        assertThat(count()).isEqualTo(1);
        assertThat(commits.get()).isEqualTo(1);
    }

    @Test
    void manyRowsAreOneCommitAndABadRowFailsAlone() throws Exception {
        GroupCommit group = new GroupCommit(counting, 2, 64);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(Map.of("id", i, "v", "x"));
        }

        List<SQLException> written = group.writeAll(INSERT, rows);
        assertThat(written.size()).isEqualTo(1000);
        assertThat(written.stream().filter(failure -> failure != null).count()).isZero();
        assertThat(count()).isEqualTo(1000);
        assertThat(commits.get()).as("1,000 rows, one commit").isEqualTo(1);

        // again with one new row among them: the batch fails, each row goes alone, only the duplicates are refused
        List<Map<String, Object>> again = new ArrayList<>(rows.subList(0, 3));
        again.add(1, Map.of("id", 5000, "v", "y"));
        List<SQLException> failures = group.writeAll(INSERT, again);
        assertThat((Object) failures.get(1)).isNull();
        assertThat(failures.stream().filter(failure -> failure != null && GroupCommit.isDuplicateKey(failure)).count())
                .isEqualTo(3);
        assertThat(count()).isEqualTo(1001);
    }

    /** What a webhook of Meta's largest batch costs to store, one commit per status against one for all (H2 on disk). */
    @Test
    void aThousandRowsTimedOneCommitEachAgainstOneTransaction(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        JdbcDataSource file = new JdbcDataSource();
        file.setURL("jdbc:h2:file:" + dir.resolve("timed") + ";DB_CLOSE_DELAY=-1");
        try (Connection c = file.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rows_written (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)");
        }
        GroupCommit group = new GroupCommit(file, 2, 64);
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            group.write(INSERT, Map.of("id", i, "v", "x"));
        }
        long eachMs = (System.nanoTime() - started) / 1_000_000;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1000; i < 2000; i++) {
            rows.add(Map.of("id", i, "v", "x"));
        }
        started = System.nanoTime();
        List<SQLException> failures = group.writeAll(INSERT, rows);
        long allMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("1,000 rows on H2 (file): one commit each %d ms, one transaction %d ms%n", eachMs, allMs);
        assertThat(failures.stream().filter(failure -> failure != null).count()).isZero();
        assertThat(allMs).isLessThan(eachMs);
    }

    @Test
    void concurrentWritesShareCommits() throws Exception {
        GroupCommit group = new GroupCommit(counting, 1, 64);
        int writes = 400;
        ExecutorService callers = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            int id = i;
            done.add(callers.submit(() -> {
                start.await();
                return group.write(INSERT, Map.of("id", id, "v", "x"));
            }));
        }
        start.countDown();
        for (Future<Integer> each : done) {
            assertThat(each.get()).isEqualTo(1);
        }
        callers.shutdown();

        assertThat(count()).isEqualTo(writes);
        // with one committer and 32 callers at once, callers' writes ride on each other's commits
        assertThat(commits.get()).isLessThan(writes);
    }

    @Test
    void aBadStatementFailsItsOwnCallerOnly() throws Exception {
        GroupCommit group = new GroupCommit(counting, 1, 64);
        group.write(INSERT, Map.of("id", 7, "v", "first"));
        ExecutorService callers = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> good = new ArrayList<>();
        Future<Integer> duplicate = callers.submit(() -> {
            start.await();
            return group.write(INSERT, Map.of("id", 7, "v", "again"));
        });
        for (int i = 100; i < 130; i++) {
            int id = i;
            good.add(callers.submit(() -> {
                start.await();
                return group.write(INSERT, Map.of("id", id, "v", "x"));
            }));
        }
        start.countDown();

        for (Future<Integer> each : good) {
            assertThat(each.get()).isEqualTo(1);
        }
        assertThatThrownBy(duplicate::get).hasCauseInstanceOf(SQLException.class);
        callers.shutdown();
        assertThat(count()).isEqualTo(31);
    }

    @Test
    void statementsWrittenTogetherAreCommittedAllOrNoneInOneCommit() throws Exception {
        GroupCommit group = new GroupCommit(counting, 1, 64);
        group.write(INSERT, Map.of("id", 7, "v", "first"));
        String update = "UPDATE rows_written SET v = :v WHERE id = :id";
        ExecutorService callers = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<int[]>> good = new ArrayList<>();
        // an insert then an update of the row just inserted: in the caller's order, in one transaction
        for (int i = 100; i < 130; i++) {
            int id = i;
            good.add(callers.submit(() -> {
                start.await();
                return group.writeTogether(List.of(new GroupCommit.Statement(INSERT, Map.of("id", id, "v", "x")),
                        new GroupCommit.Statement(update, Map.of("id", id, "v", "y"))));
            }));
        }
        // its second statement fails (a duplicate key): its first must not be committed either
        Future<int[]> halfBad = callers.submit(() -> {
            start.await();
            return group.writeTogether(List.of(new GroupCommit.Statement(INSERT, Map.of("id", 200, "v", "x")),
                    new GroupCommit.Statement(INSERT, Map.of("id", 7, "v", "again"))));
        });
        int commitsBefore = commits.get();
        start.countDown();

        for (Future<int[]> each : good) {
            assertThat(each.get()).containsExactly(1, 1);
        }
        assertThatThrownBy(halfBad::get).hasCauseInstanceOf(SQLException.class);
        callers.shutdown();
        assertThat(count()).as("30 rows and the first one; none of the failed pair").isEqualTo(31);
        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM rows_written WHERE v = 'y'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(30);
        }
        assertThat(group.writesCommitted()).isEqualTo(31);
        assertThat(group.commits()).isEqualTo(commits.get());
        assertThat(commits.get() - commitsBefore).as("pairs share commits").isLessThan(31);
    }

    @Test
    void callersWaitingForASlowCommitUseNoCpu() throws Exception {
        GroupCommit group = new GroupCommit(counting, 2, 64);
        commitGate = new CountDownLatch(1);
        int callers = 30;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<Integer>> done = new ArrayList<>();
        List<Long> threadIds = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < callers; i++) {
            int id = i;
            done.add(pool.submit(() -> {
                threadIds.add(Thread.currentThread().getId());
                return group.write(INSERT, Map.of("id", id, "v", "x"));
            }));
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        org.awaitility.Awaitility.await().until(() -> threadIds.size() == callers && commits.get() >= 1);
        Thread.sleep(100); // the last callers are in their wait
        long before = cpuNanos(threads, threadIds);
        Thread.sleep(1000);
        long spent = cpuNanos(threads, threadIds) - before;
        commitGate.countDown();
        for (Future<Integer> each : done) {
            assertThat(each.get()).isEqualTo(1);
        }
        pool.shutdown();

        // 30 threads waited a second for two held commits: parked, not polling (a poll every half a millisecond
        // that throws a TimeoutException each time costs these threads several hundred milliseconds)
        assertThat(spent).isLessThan(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(count()).isEqualTo(callers);
    }

    private static long cpuNanos(java.lang.management.ThreadMXBean threads, List<Long> ids) {
        synchronized (ids) {
            return ids.stream().mapToLong(threads::getThreadCpuTime).sum();
        }
    }

    @Test
    void noDatabaseIsTheCallersFailure() {
        JdbcDataSource gone = new JdbcDataSource();
        gone.setURL("jdbc:h2:tcp://127.0.0.1:1/nothing");
        GroupCommit group = new GroupCommit(gone, 1, 64);

        assertThatThrownBy(() -> group.write(INSERT, Map.of("id", 1, "v", "a"))).isInstanceOf(SQLException.class);
    }

    private int count() throws SQLException {
        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM rows_written")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The real data source, counting the commits made through it. */
    private DataSource countingCommits(DataSource real) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = real.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("commit")) {
                                commits.incrementAndGet();
                                CountDownLatch gate = commitGate;
                                if (gate != null) {
                                    gate.await();
                                }
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }
}
