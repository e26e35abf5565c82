package io.hsmgateway.doors.jms;

import io.hsmgateway.storage.OwnerOnlyFiles;
import io.hsmgateway.config.StartupFailure;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServerFactory;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * An ActiveMQ Artemis broker inside the gateway's process, so the JMS door works with nothing else
 * installed. It listens on {@code hsm.jms.embedded-acceptor} for producers (CORE, AMQP, STOMP) and
 * on an in-VM acceptor for the gateway's own consumer. Security is on ({@link BrokerSecurity}): clients
 * without credentials may only send notifications and read their replies; the door checks each message's
 * API key. Sizes are bounded ({@link BrokerSizeLimits}).
 * A Camel service: it is up before the routes start, and stops after them. Its start begins early
 * ({@link #beginStart()}, on a thread of its own while the rest of the gateway is configured: Artemis takes a
 * good part of a second), and the context's start waits for it; a gateway that fails to start stops it again.
 */
public class EmbeddedBroker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** In-VM acceptor ids are per JVM: tests run several gateways in one. */
    private static final AtomicInteger IN_VM_IDS = new AtomicInteger();

    private final JmsDoorSettings settings;
    private final EmbeddedAcceptor acceptor;
    private final BrokerCredentials gateway;
    private final BrokerCredentials replies = BrokerCredentials.generated(BrokerSecurity.REPLIES_USER);
    private final BrokerSizeLimits sizeLimits;
    private final int inVmId = IN_VM_IDS.incrementAndGet();
    private EmbeddedActiveMQ broker;
    /** The start begun early, if it was. */
    private CompletableFuture<Void> starting;

    /**
     * Refuses settings that leave the broker's access undecided: an acceptor reachable beyond loopback needs
     * credentials the operator chose (hsm.jms.username and password), so exposing it is a decision, not a default.
     */
    public EmbeddedBroker(JmsDoorSettings settings) {
        this.settings = settings;
        this.acceptor = EmbeddedAcceptor.parse(settings.embeddedAcceptor());
        if (BrokerSecurity.reserved(settings.username())) {
            throw new StartupFailure("hsm.jms.username=" + settings.username()
                    + " is reserved by the embedded broker: choose another name");
        }
        if (settings.username().isEmpty() != settings.password().isEmpty()) {
            throw new StartupFailure((settings.username().isEmpty() ? "hsm.jms.username" : "hsm.jms.password")
                    + " is empty: set both hsm.jms.username and hsm.jms.password, or neither");
        }
        if (acceptor.reachableBeyondLoopback() && !settings.credentialsConfigured()) {
            throw new StartupFailure(EmbeddedAcceptor.KEY + "=" + acceptor.printable()
                    + " listens beyond loopback: set hsm.jms.username and hsm.jms.password"
                    + " (the credentials that may consume, browse and manage the embedded broker)");
        }
        this.gateway = settings.credentialsConfigured()
                ? new BrokerCredentials(settings.username(), settings.password())
                : BrokerCredentials.generated(BrokerSecurity.GATEWAY_USER);
        this.sizeLimits = new BrokerSizeLimits(settings.requestMaxBytes());
    }

    /** The door's consumer and dead-letter producer, and an operator: may do everything. */
    public BrokerCredentials gatewayCredentials() {
        return gateway;
    }

    /** The door's replies: may only send to reply queues. */
    public BrokerCredentials replyCredentials() {
        return replies;
    }

    /** Where the gateway's own JMS client connects. */
    public String inVmUrl() {
        return "vm://" + inVmId;
    }

    /** Starts the broker on a thread of its own; {@link #start()} then waits for it and reports its failure. */
    public synchronized void beginStart() {
        if (starting == null) {
            starting = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    startBroker();
                    starting.complete(null);
                } catch (Throwable failure) {
                    starting.completeExceptionally(failure);
                }
            }, "hsm-embedded-broker-start");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    protected void doStart() throws Exception {
        CompletableFuture<Void> begun;
        synchronized (this) {
            begun = starting;
        }
        if (begun == null) {
            startBroker();
            return;
        }
        try {
            begun.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw failed;
        }
    }

    private void startBroker() throws Exception {
        // the journal holds the messages, api keys included: for the gateway's user alone
        String data = OwnerOnlyFiles.directory(settings.dataDir(), "broker data").toString();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("hsm-gateway");
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO); // no libaio needed
        config.setJournalDirectory(data + "/journal");
        config.setBindingsDirectory(data + "/bindings");
        config.setPagingDirectory(data + "/paging");
        config.setLargeMessagesDirectory(data + "/large-messages");
        config.setNodeManagerLockDirectory(data);
        config.setJMXManagementEnabled(false);
        // queued messages kept in the heap before the queue pages to disk: Artemis' default, half the heap, holds
        // several times that once the messages' objects are counted (a 256 MB heap ran out with 100,000 STOMP
        // messages queued); a tenth leaves the heap to the gateway
        config.setGlobalMaxSize(Math.max(8L << 20, Runtime.getRuntime().maxMemory() / 10));
        BrokerSecurity.apply(config, settings.queue());
        config.registerBrokerPlugin(sizeLimits);
        acceptor.withAmqpFrameLimit(sizeLimits.maxBytes()).forEach(config::addAcceptorConfiguration);
        config.addAcceptorConfiguration("in-vm", inVmUrl());
        // Both queues exist up front as ANYCAST: a STOMP or AMQP SEND to the plain name then reaches
        // the queue, whatever routing type the client's protocol would default to for a new address.
        config.addAddressConfiguration(anycastQueue(settings.queue()));
        config.addAddressConfiguration(anycastQueue(settings.deadLetterQueue()));
        // Messages the door keeps rolling back (e.g. the DLQ itself is unreachable) end up there too.
        config.addAddressSetting(settings.queue(), new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(settings.deadLetterQueue()))
                // a message whose producer's time to live ran out while it waited (a backlog, the gateway stopped)
                // is not sent, and not dropped without a trace either (Artemis' default with no expiry address)
                .setExpiryAddress(SimpleString.of(settings.deadLetterQueue()))
                .setMaxDeliveryAttempts(settings.maxDeliveryAttempts())
                // 1 s, 2 s, 4 s ... up to 5 min: a database outage of minutes is ridden out, not dead-lettered
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(300_000)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                // a backlog read back from disk a little at a time: a page file's messages take about four times
                // its size in the heap once read (Artemis' 10 MB pages, two read ahead, ran a 256 MB heap out with a
                // 75,000-message backlog being consumed while STOMP producers added to it)
                .setPageSizeBytes(1 << 20)
                .setPrefetchPageBytes(1 << 20)
                .setMaxReadPageBytes(4 << 20));
        // a dead letter is the operator's to read: one their consumer keeps rolling back stays (Artemis would discard
        // it after 10 deliveries, as the queue has no dead-letter address of its own)
        config.addAddressSetting(settings.deadLetterQueue(), new AddressSettings().setMaxDeliveryAttempts(-1));

        // a port already taken is told in one line, before Artemis would log it with stack traces and carry on
        URI listenOn = URI.create(settings.embeddedAcceptor());
        Optional<String> problem = StartupFailure.listenProblem(listenOn.getHost(), listenOn.getPort());
        if (problem.isPresent()) {
            throw acceptorFailure(listenOn, problem.get());
        }
        broker = new EmbeddedActiveMQ().setConfiguration(config)
                .setSecurityManager(BrokerSecurity.securityManager(gateway, replies))
                // JMX management is off, yet without a server of its own Artemis makes the JVM's platform MBean
                // server, registering every platform MXBean: ~40 ms of CPU at start-up, for nothing
                .setMbeanServer(MBeanServerFactory.newMBeanServer());
        broker.start();
        checkActive(listenOn);
        LOG.info("Embedded ActiveMQ Artemis broker listening on {} (data in {}); queue {}. Without credentials a"
                        + " client may only send to it and read its replies ({}* or temporary queues); consuming,"
                        + " browsing and management need {}; messages over {} bytes are refused",
                acceptor.printable(), data, settings.queue(), BrokerSecurity.REPLIES_PREFIX,
                settings.credentialsConfigured() ? "hsm.jms.username " + gateway.user()
                        : "the gateway's own user (set hsm.jms.username and hsm.jms.password to have one)",
                sizeLimits.maxBytes());
    }

    /**
     * Artemis logs a failed start (an acceptor it cannot bind, typically) and carries on, inactive: producers
     * would reach nothing, or another process on that port. The gateway refuses to start instead.
     */
    private void checkActive(URI acceptor) throws Exception {
        if (broker.getActiveMQServer().isActive()) {
            return;
        }
        broker.stop();
        broker = null;
        Optional<String> problem = StartupFailure.listenProblem(acceptor.getHost(), acceptor.getPort());
        if (problem.isPresent()) {
            throw acceptorFailure(acceptor, problem.get());
        }
        throw new StartupFailure("the embedded JMS broker did not start (its AMQ errors above say why)").vetoing();
    }

    private static VetoCamelContextStartException acceptorFailure(URI acceptor, String problem) {
        return new StartupFailure("hsm.jms.embedded-acceptor " + acceptor.getHost() + ":" + acceptor.getPort() + problem)
                .vetoing();
    }

    @Override
    protected void doStop() throws Exception {
        stopBroker();
    }

    /** A gateway whose start failed before its context started (a route that did not load) stops it here. */
    @Override
    protected void doShutdown() throws Exception {
        stopBroker();
    }

    private void stopBroker() throws Exception {
        CompletableFuture<Void> begun;
        synchronized (this) {
            begun = starting;
        }
        if (begun != null) {
            try {
                begun.join(); // a start under way is finished first: it would otherwise leave a broker running
            } catch (CompletionException failedToStart) {
                // nothing to stop
            }
        }
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    /** Messages in a queue, including those delivered but not yet acknowledged; -1 if no such queue. */
    public long messageCount(String queue) {
        return countOf(queue, Queue::getMessageCount);
    }

    /** Consumers of a queue now; -1 if no such queue. */
    public long consumerCount(String queue) {
        return countOf(queue, Queue::getConsumerCount);
    }

    /** Messages of a queue handed to consumers and not yet acknowledged (those sent ahead to them included); -1 if no such queue. */
    public long deliveringCount(String queue) {
        return countOf(queue, Queue::getDeliveringCount);
    }

    private long countOf(String queue, ToLongFunction<Queue> count) {
        Queue q = broker.getActiveMQServer().locateQueue(queue);
        return q == null ? -1 : count.applyAsLong(q);
    }

    private static CoreAddressConfiguration anycastQueue(String name) {
        return new CoreAddressConfiguration()
                .setName(name)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST));
    }
}
