import io.hsmgateway.storage.GroupCommit;
import com.zaxxer.hikari.HikariDataSource;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The group commit alone (bench/group-commit.sh): CALLERS threads each make a notification's two writes (its row
 * inserted PENDING, then its outcome), with WORK_ITERATIONS of arithmetic between them standing in for the rest of
 * the pipeline, on an H2 file database (WRITE_DELAY=0, as the gateway opens it), one committer, batches of 64 at most.
 * Prints notifications/s, CPU ms a notification and writes per commit, measured for SECONDS after a 3 s warm-up.
 * Usage: java -cp target/hsm-gateway.jar bench/lib/GroupCommitCost.java DATA_DIR CALLERS SECONDS WORK_ITERATIONS
 */
public class GroupCommitCost {
    public static void main(String[] args) throws Exception {
        String dir = args[0];
        int callers = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int work = Integer.parseInt(args[3]);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + dir + "/bench;WRITE_DELAY=0");
            pool.setMaximumPoolSize(4);
            try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE notifications (id VARCHAR(64) PRIMARY KEY, destination VARCHAR(32),"
                        + " attempts INT, status VARCHAR(16))");
            }
            GroupCommit group = new GroupCommit(pool, 1, 64);
            AtomicLong done = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sink = new AtomicLong(); // the work's result, kept so the JIT cannot drop the work
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            for (int i = 0; i < callers; i++) {
                threads.submit(() -> {
                    while (!stop.get()) {
                        String id = UUID.randomUUID().toString();
                        group.write("INSERT INTO notifications VALUES (:id, :destination, 0, 'PENDING')",
                                Map.of("id", id, "destination", "5491100000000"));
                        sink.addAndGet(busy(work, id));
                        group.writeTogether(List.of(new GroupCommit.Statement(
                                "UPDATE notifications SET status = 'SENT', attempts = 1 WHERE id = :id", Map.of("id", id))));
                        done.incrementAndGet();
                    }
                    return null;
                });
            }
            Thread.sleep(3000);
            long notifications = done.get();
            long writes = group.writesCommitted();
            long commits = group.commits();
            long cpu = cpuNanos();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            notifications = done.get() - notifications;
            cpu = cpuNanos() - cpu;
            writes = group.writesCommitted() - writes;
            commits = group.commits() - commits;
            stop.set(true);
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
            System.out.printf("callers=%d notifications/s=%.0f cpu_ms_a_notification=%.3f writes_a_commit=%.1f%n",
                    callers, notifications / elapsed, cpu / 1e6 / notifications, (double) writes / commits);
        }
    }

    private static long busy(int iterations, String seed) {
        long x = seed.hashCode();
        for (int i = 0; i < iterations; i++) {
            x = x * 31 + (x >>> 7) + i;
        }
        return x;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
