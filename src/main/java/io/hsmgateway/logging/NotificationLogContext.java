package io.hsmgateway.logging;

import io.hsmgateway.Hsm;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;

/**
 * The notification id as the log's correlation id: every line logged while a notification is handled carries it
 * in the MDC under {@link #MDC_KEY} (the log line shows it as {@code [n:<id>]}), and no line logged after that on
 * the same thread does.
 * <p>
 * The pipeline runs a notification on one thread from its entry to its answer (direct routes, a synchronous
 * throttle and delay; a media probe's own thread logs nothing of the notification), so the id is put in the MDC
 * where it is assigned ({@link #ENTER}: the pipeline's entry, the retry worker's resume) and taken out when that
 * exchange completes, on the thread that completes it (the same one). Where a notification is
 * followed on a thread outside Camel's routing (the REST door waiting for the pipeline), {@link #open} does the
 * same for a block of code.
 * <p>
 * Camel's own MDC support ({@code camel.main.use-mdc-logging}, camel-mdc) is not used: it sets its keys around
 * every processor of every route, copying the whole MDC map each time (some seventy times per notification), and
 * still could not carry this id across the hops that matter here, which start new exchanges.
 */
public final class NotificationLogContext implements Processor {

    public static final String MDC_KEY = "notificationId";
    /** Puts the exchange's notification id ({@link Hsm#NOTIFICATION_ID}) in the MDC until the exchange completes. */
    public static final Processor ENTER = new NotificationLogContext();

    private NotificationLogContext() {
    }

    @Override
    public void process(Exchange exchange) {
        Object id = exchange.getProperty(Hsm.NOTIFICATION_ID);
        if (id == null) {
            return;
        }
        String notificationId = id.toString();
        if (notificationId.equals(MDC.get(MDC_KEY))) {
            return; // already there (a resumed copy of the retry worker's exchange): whoever put it takes it out
        }
        MDC.put(MDC_KEY, notificationId);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                // only while it is still this id: should Camel run completions late (handed over to a parent
                // exchange), the thread may have gone on to another notification, whose id stays
                if (notificationId.equals(MDC.get(MDC_KEY))) {
                    MDC.remove(MDC_KEY);
                }
            }
        });
    }

    /** A scope for code outside the routes: the id is in the MDC until {@link Scope#close()}, which puts back what was there. */
    public static Scope open(String notificationId) {
        String before = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, notificationId);
        return () -> restore(before);
    }

    private static void restore(String before) {
        if (before == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, before);
        }
    }

    /** {@link AutoCloseable} without the checked exception, for try-with-resources. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
