package io.hsmgateway.limits;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Buckets in Redis (Bucket4j's Lettuce integration, compare-and-swap in Lua). The connection is opened on first use,
 * not at start-up, and opened again after a failure: a Redis that is down at start-up, or goes down later, only
 * makes the limits per node until it answers ({@link RateLimits}). While disconnected, commands fail at once rather
 * than queue, and a command gets {@code timeout} to answer. A bucket expires from Redis once it would be full again
 * anyway (and 10 s more), so idle numbers and keys leave nothing behind.
 */
public final class RedisStore implements AutoCloseable {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, byte[]> connection;

    public RedisStore(String url, Duration timeout) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    public ProxyManager<String> buckets() {
        return new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(new Commands<String>(this::commands))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    /**
     * Generic on purpose: Bucket4j hands the keys over as an Object[] (its K[] erased), which a RedisApi&lt;String&gt;
     * method taking String[] would fail to cast.
     */
    private record Commands<K>(Supplier<RedisAsyncCommands<K, byte[]>> commands) implements RedisApi<K> {
        @Override
        public <V> RedisFuture<V> eval(String script, ScriptOutputType type, K[] keys, byte[][] args) {
            return commands.get().eval(script, type, keys, args);
        }

        @Override
        public RedisFuture<byte[]> get(K key) {
            return commands.get().get(key);
        }

        @Override
        public RedisFuture<?> delete(K key) {
            return commands.get().del(key);
        }
    }

    /**
     * Opens the connection now, off the starting thread: the first notifications would otherwise wait for Lettuce's own
     * start-up (its event loops, over a second on a busy machine) and be counted on the node meanwhile. A Redis that does
     * not answer yet is tried again at first use.
     */
    public void connectSoon() {
        Thread connecting = new Thread(() -> {
            try {
                commands();
            } catch (RuntimeException notYet) {
                // first use tries again, and says so
            }
        }, "limits-redis-connect");
        connecting.setDaemon(true);
        connecting.start();
    }

    private RedisAsyncCommands<String, byte[]> commands() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open == null) {
            synchronized (this) {
                open = connection;
                if (open == null) {
                    // throws RedisConnectionException when Redis does not answer: the caller counts on its node
                    open = client.connect(CODEC);
                    connection = open;
                }
            }
        }
        return open.async();
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
