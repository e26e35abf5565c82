package io.hsmgateway.doors.jms;

import io.hsmgateway.doors.FailedReplies;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsConstants;

/**
 * Answers a JMS caller's {@code JMSReplyTo} with the envelope REST would give. The answer comes after the
 * send, so it must never undo it: it goes out on a connection of its own, outside the consumed message's
 * transaction. The caller's address is answered whatever its routing type ({@link ReplyDestinations}); a
 * destination that cannot take it (never created, not a reply queue, or a MULTICAST address with no subscriber
 * left, where the broker would drop it) is logged once and recorded on the notification ({@code replyError}),
 * never rolled back into a resend.
 */
public class JmsReplies extends RouteBuilder {

    public static final String ROUTE_ID = "door-jms-reply";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;
    /** Component bound to a connection factory of its own (see {@link JmsDoorConfiguration}). */
    public static final String COMPONENT = "jmsReplies";
    /** Exchange properties the JMS door sets from the consumed message. */
    public static final String REPLY_TO = "jmsDoorReplyTo";
    public static final String CORRELATION_ID = "jmsDoorCorrelationId";

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                .filter(exchangeProperty(REPLY_TO).isNotNull())
                    .doTry()
                        .removeHeaders("*")
                        // the destination object wins over the endpoint's placeholder name: the caller's address,
                        // sent as to a queue or a topic as the address exists on the broker (ReplyDestinations)
                        .setHeader(JmsConstants.JMS_DESTINATION, method(ReplyDestinations.BEAN_NAME, "resolve"))
                        .setHeader("JMSCorrelationID", exchangeProperty(CORRELATION_ID))
                        .to(ExchangePattern.InOnly, COMPONENT + ":queue:reply-to")
                    .doCatch(Exception.class)
                        .setProperty(FailedReplies.REPLY_TO, exchangeProperty(REPLY_TO))
                        .to(FailedReplies.ENDPOINT)
                    .end();
    }
}
