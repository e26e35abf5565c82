package io.hsmgateway.doors.kafka;

import io.hsmgateway.doors.FailureReason;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether the Kafka door reaches its brokers: asks them for the cluster's nodes, with the door's own client
 * settings, at every call (a few milliseconds when they answer, at most {@value #TIMEOUT_MS} ms when they do not).
 * camel-kafka's own consumer check ({@code consumer:<route>}) follows its consumer task, not the brokers: Kafka's consumer polls
 * on without an error while they are away, so that task can look ready while nothing can be consumed.
 */
public final class KafkaBrokersHealthCheck extends AbstractHealthCheck implements AutoCloseable {

    public static final String ID = "kafka-brokers";
    static final int TIMEOUT_MS = 2_000;

    private final Supplier<Admin> admins;
    private final String brokers;
    private Admin admin;

    public KafkaBrokersHealthCheck(Supplier<Admin> admins, String brokers) {
        super("hsm", ID);
        this.admins = admins;
        this.brokers = brokers;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("bootstrap.servers", brokers);
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500, TimeUnit.MILLISECONDS).size();
            builder.detail("nodes", nodes);
            builder.up();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("Kafka door: interrupted while asking the brokers").down();
        } catch (Exception e) {
            builder.message("Kafka door cannot reach the brokers " + brokers + ": " + FailureReason.of(e)).down();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = admins.get();
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
