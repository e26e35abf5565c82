import io.hsmgateway.limits.RateLimits;
import io.hsmgateway.limits.RedisStore;
import io.hsmgateway.limits.SharedBuckets;
import io.hsmgateway.storage.Database;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Duration;
import java.util.Arrays;

/**
 * The cost of counting one notification (bench/limits.sh): CALLS times a number's turn (RateLimits.await) and a key's
 * request (RateLimits.tryTake), one caller, limits far above the rate so nothing waits, against each store.
 * Usage: java -cp target/hsm-gateway.jar bench/lib/LimitCost.java JDBC_URL USER REDIS_URL|- CALLS (the JDBC URL on an empty schema)
 */
public class LimitCost {
    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[3]);
        measure("this node", RateLimits.local(), calls);
        try (HikariDataSource pool = Database.open(args[0], args[1], "", 4)) {
            measure("PostgreSQL, durable commits (for comparison)", RateLimits.shared(new SharedBuckets("PostgreSQL", Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_buckets").idColumn("id").stateColumn("state")
                    .build(), "bench:"), Duration.ofSeconds(1), Duration.ofSeconds(60)), calls);
        }
        com.zaxxer.hikari.HikariConfig async = new com.zaxxer.hikari.HikariConfig();
        async.setJdbcUrl(args[0]);
        async.setUsername(args[1]);
        async.setMaximumPoolSize(4);
        async.setConnectionInitSql("SET synchronous_commit TO off");
        try (HikariDataSource pool = new HikariDataSource(async)) {
            measure("PostgreSQL, own pool, synchronous_commit off (as the gateway counts)", RateLimits.shared(new SharedBuckets("PostgreSQL", Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_buckets").idColumn("id").stateColumn("state")
                    .build(), "bench2:"), Duration.ofSeconds(1), Duration.ofSeconds(60)), calls);
        }
        if (!args[2].equals("-")) {
            try (RedisStore redis = new RedisStore(args[2], Duration.ofMillis(500))) {
                measure("Redis", RateLimits.shared(new SharedBuckets("Redis", redis.buckets(), "hsm-limits-bench-" + ProcessHandle.current().pid() + ":"),
                        Duration.ofSeconds(1), Duration.ofSeconds(60)), calls);
            }
        }
    }

    static void measure(String store, RateLimits limits, int calls) throws Exception {
        for (int i = 0; i < calls / 2; i++) { // warm-up
            limits.await("number:warm", 1_000_000);
            limits.tryTake("key:warm", 1_000_000);
        }
        long[] took = new long[calls];
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            limits.await("number:1", 1_000_000);
            limits.tryTake("key:1", 1_000_000);
            took[i] = System.nanoTime() - started;
        }
        Arrays.sort(took);
        // 16 callers at once on the same number and key (a hot number): what the node can count per second
        int callers = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        long began = System.nanoTime();
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int c = 0; c < callers; c++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < calls / callers; i++) {
                    limits.await("number:2", 1_000_000);
                    limits.tryTake("key:2", 1_000_000);
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double perSecond = (calls / callers * callers) / ((System.nanoTime() - began) / 1e9);
        System.out.printf("%-10s%n    a number's turn + a key's request: one caller mean %.3f ms, p50 %.3f ms, p99 %.3f ms (%d calls);"
                        + " 16 callers on one number and key: %.0f notifications counted/s%n",
                store, Arrays.stream(took).average().orElse(0) / 1e6, took[calls / 2] / 1e6, took[calls * 99 / 100] / 1e6, calls,
                perSecond);
    }
}
