package io.hsmgateway.templatesync;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.RejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Syncs that nobody waits for (the schedule's, and the one a 132001 asks for): queued on one thread of their own, at
 * most one waiting or running per website (a burst of 132001s for one website is one sync). A failure is logged,
 * never thrown back to who asked.
 */
public class TemplateSync {

    public static final String BEAN_NAME = "templateSync";

    private static final Logger LOG = LoggerFactory.getLogger(TemplateSync.class);

    private final ProducerTemplate producer;
    private final ExecutorService thread;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();

    public TemplateSync(ProducerTemplate producer, ExecutorService thread) {
        this.producer = producer;
        this.thread = thread;
    }

    /** Asks for a sync of the website's templates and returns at once; nothing more if one is already asked for. */
    public void requestSync(String websiteId) {
        if (!requested.add(websiteId)) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    sync(websiteId);
                } finally {
                    requested.remove(websiteId);
                }
            });
        } catch (RejectedExecutionException stopping) {
            requested.remove(websiteId);
        }
    }

    /** A notification's Cloud API answer said the template does not exist (132001): the account changed. */
    public void templateGone(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId) {
        LOG.info("WhatsApp does not have a template of website {} any more (132001): its templates are synced", websiteId);
        requestSync(websiteId);
    }

    private void sync(String websiteId) {
        Exchange done = producer.send(TemplateSyncRoutes.SYNC, exchange -> exchange.setProperty(Hsm.WEBSITE_ID, websiteId));
        Exception failure = done.getException() != null ? done.getException()
                : done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof GraphApiRefusal) {
            return; // logged with Meta's answer where it was read
        }
        if (failure instanceof RejectedException rejected && "INVALID_BODY".equals(rejected.response().code())) {
            LOG.info("Templates of website {} not synced: it has no businessAccountId", websiteId);
        } else if (failure instanceof RejectedException rejected) {
            LOG.warn("Templates of website {} not synced: {}", websiteId, rejected.response().code());
        } else if (failure != null) {
            LOG.warn("Templates of website {} not synced: {}", websiteId, failure.toString());
        } else if (done.getMessage().getBody() instanceof SyncReport report
                && (!report.added().isEmpty() || !report.changed().isEmpty() || !report.retired().isEmpty())) {
            LOG.info("Templates of website {} synced: {} added, {} changed, {} retired", websiteId,
                    report.added().size(), report.changed().size(), report.retired().size());
        }
    }
}
