package io.hsmgateway.support;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.support.EndpointHelper;
import org.apache.camel.support.EventNotifierSupport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the exchanges a running gateway sends to one endpoint from now on (Camel's sending events): a step a
 * message went through, or skipped, as a count rather than a duration. (NotifyBuilder's wereSentTo cannot do it
 * here: Camel emits "sent" only when some notifier listens for "sending", which NotifyBuilder does not.)
 */
public final class SentTo extends EventNotifierSupport implements AutoCloseable {

    private final CamelContext context;
    private final String endpointUri;
    private final AtomicInteger exchanges = new AtomicInteger();

    private SentTo(CamelContext context, String endpointUri) {
        this.context = context;
        this.endpointUri = endpointUri;
    }

    public static SentTo count(CamelContext context, String endpointUri) {
        SentTo counter = new SentTo(context, endpointUri);
        context.getManagementStrategy().addEventNotifier(counter);
        counter.start();
        return counter;
    }

    public int exchanges() {
        return exchanges.get();
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (EndpointHelper.matchEndpoint(context, ((ExchangeSendingEvent) event).getEndpoint().getEndpointUri(), endpointUri)) {
            exchanges.incrementAndGet();
        }
    }

    @Override
    public void close() {
        context.getManagementStrategy().removeEventNotifier(this);
        stop();
    }
}
