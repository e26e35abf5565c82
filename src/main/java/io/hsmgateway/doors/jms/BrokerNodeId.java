package io.hsmgateway.doors.jms;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The node id of a broker that is not part of a cluster topology (the embedded one, or a standalone external
 * one): message ids are unique per node, so the JMS door's identity names the node too. A clustered broker's
 * sessions know their node from the topology; a standalone one is asked once through its management address,
 * which needs the {@code manage} permission when security is on.
 */
final class BrokerNodeId {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerNodeId.class);
    private static final String MANAGEMENT_ADDRESS = "activemq.management";

    private BrokerNodeId() {
    }

    /** Asks the broker behind {@code factory} for its node id, once, the first time it is needed. */
    static Supplier<String> askedOnce(ActiveMQConnectionFactory factory, String user, String password) {
        return new Supplier<>() {
            private volatile String nodeId;

            @Override
            public String get() {
                if (nodeId == null) {
                    synchronized (this) {
                        if (nodeId == null) {
                            nodeId = ask(factory, user, password);
                        }
                    }
                }
                return nodeId;
            }
        };
    }

    private static String ask(ActiveMQConnectionFactory factory, String user, String password) {
        try (ClientSessionFactory sessions = factory.getServerLocator().createSessionFactory();
             ClientSession session = sessions.createSession(user, password, false, true, true, false, 1);
             ClientRequestor requestor = new ClientRequestor(session, MANAGEMENT_ADDRESS)) {
            session.start();
            ClientMessage question = session.createMessage(false);
            ManagementHelper.putAttribute(question, ResourceNames.BROKER, "nodeID");
            ClientMessage answer = requestor.request(question, 5_000);
            if (answer == null || !ManagementHelper.hasOperationSucceeded(answer)) {
                throw new IllegalStateException("no answer from " + MANAGEMENT_ADDRESS);
            }
            String nodeId = String.valueOf(ManagementHelper.getResult(answer));
            LOG.info("JMS door: broker node id {}", nodeId);
            return nodeId;
        } catch (Exception e) {
            // without it two brokers' messages could share an id: refuse rather than risk collapsing them
            throw new IllegalStateException("Cannot read the broker's node id through " + MANAGEMENT_ADDRESS
                    + " (grant the gateway's user the manage permission there): " + e.getMessage(), e);
        }
    }
}
