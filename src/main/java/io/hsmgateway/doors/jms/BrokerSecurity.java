package io.hsmgateway.doors.jms;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

import java.util.EnumSet;
import java.util.Set;

import static org.apache.activemq.artemis.core.security.CheckType.BROWSE;
import static org.apache.activemq.artemis.core.security.CheckType.CONSUME;
import static org.apache.activemq.artemis.core.security.CheckType.CREATE_ADDRESS;
import static org.apache.activemq.artemis.core.security.CheckType.CREATE_DURABLE_QUEUE;
import static org.apache.activemq.artemis.core.security.CheckType.CREATE_NON_DURABLE_QUEUE;
import static org.apache.activemq.artemis.core.security.CheckType.DELETE_ADDRESS;
import static org.apache.activemq.artemis.core.security.CheckType.DELETE_NON_DURABLE_QUEUE;
import static org.apache.activemq.artemis.core.security.CheckType.SEND;

/**
 * Who may do what on the embedded broker (Artemis security settings, users in memory):
 * <ul>
 * <li>a client without credentials may send to the notifications queue (each message carries its own API key),
 *     and create and consume its reply queues: under {@code replies.} or temporary ones; nothing else: no other
 *     address, no consuming or browsing the notifications or dead-letter queue, no management;</li>
 * <li>the gateway's user ({@code hsm.jms.username}, else one made up at each start, so only the gateway itself)
 *     may do everything: the door consumes with it, an operator reads the dead-letter queue with it;</li>
 * <li>the door's replies go out as a user that may only send to reply queues, so a {@code JMSReplyTo} naming
 *     any other queue is refused rather than written by the gateway on a stranger's behalf.</li>
 * </ul>
 */
final class BrokerSecurity {

    /** Reply queues a client names itself ({@code JMSReplyTo}, STOMP {@code reply-to}). */
    static final String REPLIES_PREFIX = "replies.";
    /** Artemis matches temporary queues (UUID names) as {@code temp.<uuid>}. */
    static final String TEMPORARY_NAMESPACE = "temp";
    /** The user a connection without credentials gets; it has no password, so no one can log in with it by name. */
    static final String ANONYMOUS_USER = "hsm-anonymous";
    static final String REPLIES_USER = "hsm-replies";
    /** The gateway's user when hsm.jms.username is empty (with a password made up at each start). */
    static final String GATEWAY_USER = "hsm-gateway";

    private static final String ADMIN_ROLE = "admin";
    private static final String SENDER_ROLE = "sender";
    private static final String REPLIER_ROLE = "replier";

    private BrokerSecurity() {
    }

    static ActiveMQJAASSecurityManager securityManager(BrokerCredentials gateway, BrokerCredentials replies) {
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(gateway.user(), gateway.password());
        users.addRole(gateway.user(), ADMIN_ROLE);
        users.addUser(replies.user(), replies.password());
        users.addRole(replies.user(), REPLIER_ROLE);
        users.setDefaultUser(ANONYMOUS_USER);
        users.addRole(ANONYMOUS_USER, SENDER_ROLE);
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users);
    }

    /** The most specific match wins in Artemis: every match names every role that keeps a permission there. */
    static void apply(Configuration config, String queue) {
        config.setSecurityEnabled(true);
        config.setUuidNamespace(TEMPORARY_NAMESPACE);
        Role admin = role(ADMIN_ROLE, EnumSet.allOf(CheckType.class));
        Role replier = role(REPLIER_ROLE, EnumSet.of(SEND));
        config.putSecurityRoles("#", Set.of(admin));
        config.putSecurityRoles(queue, Set.of(admin, role(SENDER_ROLE, EnumSet.of(SEND))));
        // a caller's named reply queue: created by its consumer (durable for JMS, a subscription for STOMP)
        config.putSecurityRoles(REPLIES_PREFIX + "#", Set.of(admin, replier, role(SENDER_ROLE, EnumSet.of(
                CREATE_ADDRESS, CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE, CONSUME, BROWSE))));
        config.putSecurityRoles(TEMPORARY_NAMESPACE + ".#", Set.of(admin, replier, role(SENDER_ROLE, EnumSet.of(
                CREATE_ADDRESS, DELETE_ADDRESS, CREATE_NON_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE, CONSUME, BROWSE))));
    }

    /** Names no internal user, so configuring one cannot hand out its role. */
    static boolean reserved(String user) {
        return ANONYMOUS_USER.equals(user) || REPLIES_USER.equals(user);
    }

    private static Role role(String name, Set<CheckType> allowed) {
        return new Role(name,
                allowed.contains(SEND),
                allowed.contains(CONSUME),
                allowed.contains(CREATE_DURABLE_QUEUE),
                allowed.contains(CheckType.DELETE_DURABLE_QUEUE),
                allowed.contains(CREATE_NON_DURABLE_QUEUE),
                allowed.contains(DELETE_NON_DURABLE_QUEUE),
                allowed.contains(CheckType.MANAGE),
                allowed.contains(BROWSE),
                allowed.contains(CREATE_ADDRESS),
                allowed.contains(DELETE_ADDRESS),
                allowed.contains(CheckType.VIEW),
                allowed.contains(CheckType.EDIT));
    }
}
