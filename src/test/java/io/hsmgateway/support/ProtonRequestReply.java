package io.hsmgateway.support;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.BaseHandler;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.apache.qpid.proton.reactor.Reactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A request and its reply with Qpid Proton's engine as it comes, no JMS on top: a receiver attached to the reply
 * address with a bare source (no capabilities, no routing type: what Proton, and most AMQP 1.0 clients, send by
 * default, so the broker creates the address with its default routing type), then one message to the request queue
 * with {@code reply_to} naming that address. SASL ANONYMOUS, as a client without credentials.
 */
public final class ProtonRequestReply {

    /** What came back: the reply's body as text and its correlation id; null fields if nothing came in time. */
    public record Reply(String body, Object correlationId) {
    }

    private ProtonRequestReply() {
    }

    public static Reply call(int port, String requestQueue, String replyAddress, Map<String, Object> properties,
                             String body, Object correlationId, Duration timeout) throws IOException {
        Client client = new Client(requestQueue, replyAddress, properties, body, correlationId);
        Reactor reactor = Proton.reactor(client);
        reactor.setTimeout(100);
        reactor.connectionToHost("127.0.0.1", port, client);
        long deadline = System.nanoTime() + timeout.toNanos();
        reactor.start();
        while (client.reply == null && client.failure == null && System.nanoTime() < deadline && reactor.process()) {
            // until the reply, a failure or the deadline
        }
        if (client.connection != null) {
            client.connection.close();
            reactor.process();
        }
        reactor.stop();
        if (client.failure != null) {
            throw new IOException(client.failure);
        }
        return client.reply == null ? new Reply(null, null) : client.reply;
    }

    private static final class Client extends BaseHandler {
        private final String requestQueue;
        private final String replyAddress;
        private final Map<String, Object> properties;
        private final String body;
        private final Object correlationId;
        private Connection connection;
        private Session session;
        private Receiver receiver;
        private boolean sent;
        volatile Reply reply;
        volatile String failure;

        Client(String requestQueue, String replyAddress, Map<String, Object> properties, String body, Object correlationId) {
            this.requestQueue = requestQueue;
            this.replyAddress = replyAddress;
            this.properties = properties;
            this.body = body;
            this.correlationId = correlationId;
        }

        @Override
        public void onConnectionInit(Event event) {
            connection = event.getConnection();
            connection.setContainer("proton-test-" + System.nanoTime());
            connection.setHostname("localhost");
            connection.open();
            session = connection.session();
            session.open();
            receiver = session.receiver("replies");
            Source source = new Source();
            source.setAddress(replyAddress); // nothing else: Proton's default source
            receiver.setSource(source);
            receiver.setTarget(new Target());
            receiver.open();
            receiver.flow(10);
        }

        @Override
        public void onConnectionBound(Event event) {
            Sasl sasl = event.getTransport().sasl();
            sasl.client();
            sasl.setMechanisms("ANONYMOUS");
        }

        @Override
        public void onLinkRemoteOpen(Event event) {
            if (event.getLink() == receiver) {
                if (receiver.getRemoteSource() == null) {
                    failure = "the broker refused the receiver on " + replyAddress + ": " + receiver.getRemoteCondition();
                    return;
                }
                // the reply address exists now (the broker created it for the receiver): send the request
                Sender sender = session.sender("requests");
                Target target = new Target();
                target.setAddress(requestQueue);
                sender.setTarget(target);
                sender.setSource(new Source());
                sender.open();
            }
        }

        @Override
        public void onLinkRemoteClose(Event event) {
            failure = "link " + event.getLink().getName() + " closed: " + event.getLink().getRemoteCondition();
        }

        @Override
        public void onLinkFlow(Event event) {
            if (event.getLink() instanceof Sender sender && !sent && sender.getCredit() > 0) {
                Message message = Proton.message();
                message.setAddress(requestQueue);
                message.setReplyTo(replyAddress);
                message.setCorrelationId(correlationId);
                message.setContentType("application/json");
                message.setApplicationProperties(new ApplicationProperties(properties));
                message.setBody(new AmqpValue(body));
                byte[] buffer = new byte[64 * 1024];
                int length = message.encode(buffer, 0, buffer.length);
                sender.delivery(new byte[] {1});
                sender.send(buffer, 0, length);
                sender.advance();
                sent = true;
            }
        }

        @Override
        public void onDelivery(Event event) {
            Delivery delivery = event.getDelivery();
            if (event.getLink() instanceof Receiver link && delivery.isReadable() && !delivery.isPartial()) {
                byte[] bytes = new byte[delivery.pending()];
                int read = link.recv(bytes, 0, bytes.length);
                Message message = Proton.message();
                message.decode(bytes, 0, read);
                delivery.settle();
                Object content = message.getBody() instanceof AmqpValue value ? value.getValue()
                        : message.getBody() instanceof Data data ? data.getValue() : null;
                String text = content instanceof Binary binary
                        ? new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), StandardCharsets.UTF_8)
                        : String.valueOf(content);
                reply = new Reply(text, message.getCorrelationId());
            } else if (event.getLink() instanceof Sender) {
                delivery.settle();
            }
        }
    }
}
