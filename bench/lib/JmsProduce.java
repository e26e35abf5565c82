import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The JMS bench's producer (Artemis' own JMS client, from the gateway's jar; not the door's code): sends n persistent
 * text messages to hsm.notifications without credentials (as any client may), properties websiteId and apikey, in
 * local transactions of 500 (a commit waits for the broker's journal, a send does not): when it returns, the broker
 * has every message. "{n}" in the body becomes the message's number. Prints "sending" when the first message goes
 * and its own rate at the end.
 *   java -cp hsm-gateway.jar bench/lib/JmsProduce.java tcp://HOST:PORT COUNT WEBSITE APIKEY BODY
 */
public class JmsProduce {
    private static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(args[0]);
             Connection connection = factory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue("hsm.notifications"));
            System.out.println("sending");
            System.out.flush();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                TextMessage message = session.createTextMessage(args[4].replace("{n}", String.format("%08d", i)));
                message.setStringProperty("websiteId", args[2]);
                message.setStringProperty("apikey", args[3]);
                producer.send(message);
                if (i % BATCH == BATCH - 1 || i == count - 1) {
                    session.commit();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("sent %d messages in %.1f s: %.0f/s%n", count, seconds, count / seconds);
        }
    }
}
