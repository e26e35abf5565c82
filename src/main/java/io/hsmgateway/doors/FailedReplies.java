package io.hsmgateway.doors;

import io.hsmgateway.Hsm;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import java.util.HashMap;
import java.util.Map;

/**
 * What every door with a reply channel (JMS {@code JMSReplyTo}, RabbitMQ {@code reply_to}, an MQTT 5 response
 * topic) does when its answer could not be given: one WARN line, and the reason recorded on the notification
 * ({@code replyError}, shown by the status and admin APIs). The notification's outcome stands: a reply comes after
 * the send and never undoes it. A door's reply route sends its failed exchange here from its {@code doCatch}, with
 * the exchange property {@link #REPLY_TO} naming where the answer was going.
 */
public class FailedReplies extends RouteBuilder {

    public static final String ROUTE_ID = "door-reply-failed";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;
    /** Exchange property: where the answer was going (a queue, an address, a topic), for the log and the record. */
    public static final String REPLY_TO = "hsmReplyTo";
    private static final int MAX_REASON = 1000;

    /** Adds the route to the context unless a door already did (several doors with replies may be on at once). */
    public static synchronized void addOnce(CamelContext context) throws Exception {
        if (context.getRegistry().lookupByName(ROUTE_ID) == null) {
            context.getRegistry().bind(ROUTE_ID, ROUTE_ID);
            context.addRoutes(new FailedReplies());
        }
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                .log(LoggingLevel.WARN, "Notification ${exchangeProperty." + Hsm.NOTIFICATION_ID
                        + "}: could not answer its reply address ${exchangeProperty." + REPLY_TO
                        + "} (${exception.message}); its outcome stands")
                .doTry()
                    .setBody(method(FailedReplies.class, "replyError"))
                    .to("sql:classpath:sql/record-reply-error.sql")
                .doCatch(Exception.class)
                    .log(LoggingLevel.ERROR, "Notification ${exchangeProperty." + Hsm.NOTIFICATION_ID
                            + "}: could not record that its reply failed: ${exception.message}")
                .end();
    }

    /** The row of {@code record-reply-error.sql}: the notification and why its answer was not given. */
    public static Map<String, Object> replyError(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = "reply to " + exchange.getProperty(REPLY_TO) + " failed: "
                + (failure == null ? "unknown" : failure.getMessage());
        Map<String, Object> row = new HashMap<>();
        row.put("id", exchange.getProperty(Hsm.NOTIFICATION_ID, String.class));
        row.put("replyError", why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why);
        return row;
    }
}
