package io.hsmgateway.config;

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

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Where the per-number and per-key limits are counted ({@link RateLimits}): in Redis when hsm.limits.redis-url is
 * set; else in the PostgreSQL database the gateway runs on (table rate_limit_buckets, V22); else, on the embedded H2
 * (one node) or with hsm.limits.shared=false, in this node's memory.
 */
public class LimitsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LimitsConfiguration.class);
    /** Bucket4j's table (V22__rate_limit_buckets.sql) */
    static final String BUCKETS_TABLE = "rate_limit_buckets";

    @BindToRegistry(RateLimits.BEAN_NAME)
    public RateLimits rateLimits(@BeanInject GatewaySettings settings, @BeanInject DataSource dataSource, CamelContext context)
            throws Exception {
        RateLimits limits = select(settings, dataSource, context);
        LOG.info("Rate limits (hsm.throttle.per-number, hsm.rest.rate-limit.per-key) are counted in {}{}", limits.store(),
                limits.store().equals("this node") ? "" : ", for every node that shares it");
        return limits;
    }

    private static RateLimits select(GatewaySettings settings, DataSource dataSource, CamelContext context)
            throws Exception {
        GatewaySettings.Limits limits = settings.limits();
        if (!limits.shared()) {
            return RateLimits.local();
        }
        Duration retryAfter = Duration.ofMillis(limits.storeRetryMs());
        Duration warnEvery = Duration.ofSeconds(limits.warnEverySeconds());
        if (!limits.redisUrl().isEmpty()) {
            RedisStore redis = new RedisStore(limits.redisUrl(), Duration.ofMillis(limits.redisTimeoutMs()));
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    redis.close();
                }
            });
            return RateLimits.shared(new SharedBuckets("Redis", redis.buckets(), limits.keyPrefix()), retryAfter, warnEvery);
        }
        if (settings.postgres()) {
            return RateLimits.shared(new SharedBuckets("PostgreSQL", Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table(BUCKETS_TABLE).idColumn("id").stateColumn("state")
                    .build(), limits.keyPrefix()), retryAfter, warnEvery);
        }
        return RateLimits.local();
    }
}
