package io.hsmgateway.doors.jms;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.camel.ExchangeProperty;

/**
 * Where a reply goes, whatever the caller's protocol made of its reply address. Callers name an address
 * ({@code JMSReplyTo}, AMQP {@code reply_to}, STOMP {@code reply-to}); how it exists on the broker depends on who
 * created it: a JMS queue consumer makes it ANYCAST, a JMS topic subscriber, a STOMP {@code SUBSCRIBE} or a bare
 * AMQP receiver (Qpid Proton's default: no capability, so the broker's default routing type) make it MULTICAST.
 * A message sent as to a queue reaches only ANYCAST queues, one sent as to a topic only MULTICAST subscriptions,
 * and Artemis drops a message an address has no queue of that routing type for. So the broker is asked how the
 * address exists at reply time ({@code addressQuery}, on a CORE session of the replies' own connection factory, so
 * with its rights), and the reply goes as to a queue where the address takes ANYCAST, else as to a topic. A
 * MULTICAST-only address with no subscription left would drop the reply without a word: refused here, with the
 * reason, so the notification records it ({@code replyError}). Temporary destinations and fully qualified queue
 * names go as they came. An address that does not exist goes as it came too: the broker says why it refuses it.
 */
public final class ReplyDestinations implements AutoCloseable {

    public static final String BEAN_NAME = "jmsReplyDestinations";

    private final ActiveMQConnectionFactory factory;
    private ClientSessionFactory sessions;
    private ClientSession session;

    public ReplyDestinations(ActiveMQConnectionFactory factory) {
        this.factory = factory;
    }

    /** @return the destination to send the reply to (the one asked for, or the same address as a queue or topic) */
    public Object resolve(@ExchangeProperty(JmsReplies.REPLY_TO) Object replyTo) throws Exception {
        if (!(replyTo instanceof ActiveMQDestination destination) || destination.isTemporary()
                || destination.getAddress().contains("::")) {
            return replyTo;
        }
        String address = destination.getAddress();
        ClientSession.AddressQuery query = query(address);
        if (!query.isExists()) {
            return replyTo;
        }
        if (query.isSupportsAnycast()) {
            return ActiveMQDestination.createQueue(address);
        }
        if (query.getQueueNames().isEmpty()) {
            throw new IllegalStateException("address " + address + " is MULTICAST with no subscriber left: the broker"
                    + " would drop the reply (subscribe before sending the request, or consume the address as a queue)");
        }
        return ActiveMQDestination.createTopic(address);
    }

    private synchronized ClientSession.AddressQuery query(String address) throws Exception {
        try {
            return session().addressQuery(SimpleString.of(address));
        } catch (Exception brokerGone) {
            close(); // a new connection at the next reply
            throw brokerGone;
        }
    }

    private ClientSession session() throws Exception {
        if (session == null || session.isClosed()) {
            close();
            sessions = factory.getServerLocator().createSessionFactory();
            session = sessions.createSession(factory.getUser(), factory.getPassword(), false, true, true, false, 0);
        }
        return session;
    }

    @Override
    public synchronized void close() {
        try {
            if (session != null) {
                session.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        } finally {
            session = null;
            if (sessions != null) {
                sessions.close();
                sessions = null;
            }
        }
    }
}
