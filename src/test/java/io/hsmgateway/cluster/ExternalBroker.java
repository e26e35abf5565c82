package io.hsmgateway.cluster;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's ActiveMQ Artemis broker, shared by every gateway node: a plain Artemis server in the test's JVM,
 * configured as a broker.xml would configure it (persistent journal, CORE and AMQP on one loopback port, security
 * on, the notifications queue and its dead-letter queue as ANYCAST queues, redelivery with a delay), and none of
 * the gateway's own broker code. The gateways reach it only through {@code hsm.jms.broker-url} and credentials.
 * It counts how often each message of the notifications queue was handed to a consumer, so a test can tell
 * which messages the broker redelivered (a node died holding them).
 */
final class ExternalBroker implements AutoCloseable {

    static final String QUEUE = "hsm.notifications";
    static final String DLQ = QUEUE + ".DLQ";
    /** The gateways' user: consumes, writes dead letters, reads the broker's node id through management. */
    static final String GATEWAY_USER = "hsm";
    static final String GATEWAY_PASSWORD = "hsm-broker-secret";
    /** A producing system's user: may send to the notifications queue, nothing else. */
    static final String PRODUCER_USER = "orders";
    static final String PRODUCER_PASSWORD = "orders-secret";

    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    private final Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final int port;

    ExternalBroker(Path data, int port) throws Exception {
        this.port = port;
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("external-artemis");
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(data.toString());
        config.setJMXManagementEnabled(false);
        config.setSecurityEnabled(true);
        config.putSecurityRoles("#", Set.of(role("gateway", true)));
        config.putSecurityRoles(QUEUE, Set.of(role("gateway", true), role("producer", false)));
        config.addAcceptorConfiguration("main", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP");
        config.addAddressConfiguration(anycastQueue(QUEUE));
        config.addAddressConfiguration(anycastQueue(DLQ));
        config.addAddressSetting(QUEUE, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DLQ))
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(500)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(30_000));
        config.registerBrokerPlugin(new ActiveMQServerMessagePlugin() {
            @Override
            public void afterDeliver(ServerConsumer consumer, MessageReference reference) {
                if (QUEUE.equals(reference.getQueue().getName().toString())) {
                    deliveries.computeIfAbsent(reference.getMessageID(), id -> new AtomicInteger()).incrementAndGet();
                }
            }
        });
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(GATEWAY_USER, GATEWAY_PASSWORD);
        users.addRole(GATEWAY_USER, "gateway");
        users.addUser(PRODUCER_USER, PRODUCER_PASSWORD);
        users.addRole(PRODUCER_USER, "producer");
        broker.setConfiguration(config)
                .setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
    }

    ExternalBroker start() throws Exception {
        broker.start();
        return this;
    }

    /** The CORE URL a gateway is given as hsm.jms.broker-url. */
    String coreUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    String amqpUrl() {
        return "amqp://127.0.0.1:" + port;
    }

    /** Messages in a queue, those handed to a consumer but not yet acknowledged included. */
    long messageCount(String queue) {
        Queue q = broker.getActiveMQServer().locateQueue(queue);
        return q == null ? -1 : q.getMessageCount();
    }

    /** Messages of the notifications queue handed to a consumer more than once. */
    long redelivered() {
        return deliveries.values().stream().filter(count -> count.get() > 1).count();
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }

    private static Role role(String name, boolean everything) {
        boolean send = true;
        return new Role(name, send, everything, everything, everything, everything, everything, everything,
                everything, everything, everything, everything, everything);
    }

    private static CoreAddressConfiguration anycastQueue(String name) {
        return new CoreAddressConfiguration().setName(name).addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST));
    }
}
