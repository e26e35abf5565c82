package io.hsmgateway.storage;

import org.h2.jdbcx.JdbcDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * A JVM of its own for {@link DirectMemoryUnderManyCommittersTest}: {@code threads} threads stay alive, and each in
 * turn commits, through {@link GroupCommit}, a write of about {@code bytes} to an H2 file database, as the HTTP
 * workers, record threads and JMS consumers of a long-running gateway each come to commit a batch. Exits 0 when every
 * write was committed, else 1 with what failed.
 * <p>
 * usage: ManyCommitters &lt;database folder&gt; &lt;threads&gt; &lt;bytes&gt;
 */
public final class ManyCommitters {

    public static void main(String[] args) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + Path.of(args[0]).resolve("many") + ";WRITE_DELAY=0");
        int threads = Integer.parseInt(args[1]);
        String value = "x".repeat(Integer.parseInt(args[2]));
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("CREATE TABLE rows (id INT PRIMARY KEY, v VARCHAR)");
        }
        GroupCommit commits = new GroupCommit(dataSource, 1, 64);
        Semaphore turn = new Semaphore(1);
        CountDownLatch allWritten = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread thread = new Thread(() -> {
                try {
                    turn.acquire(); // one at a time: each thread commits its own write
                    try {
                        commits.write("INSERT INTO rows VALUES (:id, :v)", Map.of("id", id, "v", value));
                    } finally {
                        turn.release();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    allWritten.countDown();
                }
                try {
                    release.await(); // alive until every thread has written, as a pool's threads are
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            running.add(thread);
        }
        allWritten.await();
        java.lang.management.BufferPoolMXBean direct = java.lang.management.ManagementFactory
                .getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        String held = direct.getCount() + " direct buffers held, " + direct.getMemoryUsed() + " bytes";
        release.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            System.out.println(failures.size() + " of " + threads + " writes failed (" + held + "); the first: "
                    + failures.get(0));
            System.exit(1);
        }
        System.out.println("all " + threads + " writes committed; with every thread alive: " + held);
    }
}
