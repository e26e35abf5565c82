package io.hsmgateway.limits;

import io.hsmgateway.support.Postgres;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Both nodes count in Redis (127.0.0.1:6379, HSM_TEST_REDIS_URL overrides), under a key prefix of this run's own; the
 * database they share is PostgreSQL. Skipped, saying why, when either does not answer.
 */
class ClusterLimitsRedisTest extends ClusterLimitsContract {

    static final String REDIS_URL = System.getenv().getOrDefault("HSM_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    @Override
    Map<String, String> store() {
        assumeRedisAnswers();
        Map<String, String> store = new HashMap<>(Postgres.freshSchema().properties());
        store.put("hsm.limits.redis-url", REDIS_URL);
        store.put("hsm.limits.key-prefix", "hsm-test-" + UUID.randomUUID() + ":");
        return store;
    }

    @Override
    String storeName() {
        return "Redis";
    }

    static void assumeRedisAnswers() {
        java.net.URI uri = java.net.URI.create(REDIS_URL);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 1000);
        } catch (IOException e) {
            Assumptions.abort("Redis not reachable at " + REDIS_URL + " (" + e.getMessage() + "): skipping the Redis run of this test");
        }
    }
}
