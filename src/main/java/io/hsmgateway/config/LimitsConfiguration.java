package io.hsmgateway.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.hsmgateway.limits.RateLimits;
import io.hsmgateway.limits.RedisStore;
import io.hsmgateway.limits.SharedBuckets;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Where the per-number and per-key limits are counted ({@link RateLimits}): in Redis when hsm.limits.redis-url is
 * set; else in the PostgreSQL database the gateway runs on (table rate_limit_buckets, V22); else, on the embedded H2
 * (one node) or with hsm.limits.shared=false, in this node's memory.
 * <p>
 * On PostgreSQL the buckets have a small pool of their own (hsm.limits.db-pool-size), whose sessions commit with
 * {@code synchronous_commit=off}: a bucket's last counts lost in a server crash only let a few messages more through
 * once, and not waiting for the WAL flush makes a count a round trip instead of a disk write (p50 0.8 → 0.5 ms, p99
 * 8 → 0.7 ms for a number's turn and a key's request, bench/lib/LimitCost.java). The notifications' own pool keeps
 * its durable commits, and its connections are never taken by counting. Its connection timeout is
 * hsm.limits.timeout-ms: a server that does not answer is given up quickly ({@link RateLimits} counts on the node).
 */
public class LimitsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LimitsConfiguration.class);
    /** Bucket4j's table (V22__rate_limit_buckets.sql) */
    static final String BUCKETS_TABLE = "rate_limit_buckets";

    @BindToRegistry(RateLimits.BEAN_NAME)
    public RateLimits rateLimits(@BeanInject GatewaySettings settings, CamelContext context) throws Exception {
        RateLimits limits = select(settings, context);
        LOG.info("Rate limits (hsm.throttle.per-number, hsm.rest.rate-limit.per-key) are counted in {}{}", limits.store(),
                limits.store().equals("this node") ? "" : ", for every node that shares it");
        return limits;
    }

    private static RateLimits select(GatewaySettings settings, CamelContext context)
            throws Exception {
        GatewaySettings.Limits limits = settings.limits();
        if (!limits.shared()) {
            return RateLimits.local();
        }
        Duration retryAfter = Duration.ofMillis(limits.storeRetryMs());
        Duration warnEvery = Duration.ofSeconds(limits.warnEverySeconds());
        if (!limits.redisUrl().isEmpty()) {
            RedisStore redis = new RedisStore(limits.redisUrl(), Duration.ofMillis(limits.timeoutMs()));
            redis.connectSoon();
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    redis.close();
                }
            });
            return RateLimits.shared(new SharedBuckets("Redis", redis.buckets(), limits.keyPrefix()), retryAfter, warnEvery);
        }
        if (settings.postgres()) {
            HikariDataSource pool = bucketsPool(settings);
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    pool.close();
                }
            });
            return RateLimits.shared(new SharedBuckets("PostgreSQL", Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table(BUCKETS_TABLE).idColumn("id").stateColumn("state")
                    .build(), limits.keyPrefix()), retryAfter, warnEvery);
        }
        return RateLimits.local();
    }

    /** Connections are opened when first needed (minimum idle 0 until then): a server down at start-up stops nothing here. */
    private static HikariDataSource bucketsPool(GatewaySettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hsm-limits");
        config.setJdbcUrl(settings.dbUrl());
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword());
        config.setMaximumPoolSize(settings.limits().dbPoolSize());
        config.setMinimumIdle(1);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(Math.max(250, settings.limits().timeoutMs()));
        config.setConnectionInitSql("SET synchronous_commit TO off");
        return new HikariDataSource(config);
    }
}
