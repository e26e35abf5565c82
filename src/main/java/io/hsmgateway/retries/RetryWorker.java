package io.hsmgateway.retries;

import io.hsmgateway.logging.NotificationLogContext;
import io.hsmgateway.pipeline.NotificationSink;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.sql.SqlConstants;

/**
 * Every node polls for queued notifications that are due and resumes each through the sink: the pipeline
 * tries its Cloud API call again and records the outcome. A row is claimed with a conditional update first, so with several nodes on one database
 * each retry is sent by one of them only. Rows left PENDING or SENDING by a process that is gone (its lease lapsed) are
 * queued again when their call had not begun (they are sent once), and marked UNKNOWN when it had: they may have
 * gone out, and are never resent blindly.
 */
public class RetryWorker extends RouteBuilder {

    public static final String POLL = "delivery-retries";
    public static final String RETRY = "delivery-retry";

    @Override
    public void configure() {
        from("scheduler:" + POLL + "?delay={{hsm.delivery.poll-ms}}&initialDelay={{hsm.delivery.poll-ms}}").routeId(POLL)
                .setBody(method(RetryQueue.BEAN_NAME, "staleParameters"))
                .to("sql:classpath:sql/requeue-never-handed-over.sql")
                .setBody(method(RetryQueue.BEAN_NAME, "staleParameters"))
                .to("sql:classpath:sql/mark-stale-deliveries-unknown.sql")
                .bean(UnresolvedDoubt.BEAN_NAME, "settle")
                .setBody(method(RetryQueue.BEAN_NAME, "dueParameters"))
                .to("sql:classpath:sql/find-due-retries.sql")
                .split(body())
                    .to("direct:" + RETRY)
                .end();

        from("direct:" + RETRY).routeId(RETRY)
                .setBody(method(RetryQueue.BEAN_NAME, "restore"))
                // its lines carry the notification's id, as the first pass's did
                .process(NotificationLogContext.ENTER)
                .to("sql:classpath:sql/claim-retry.sql")
                .filter(header(SqlConstants.SQL_UPDATE_COUNT).isEqualTo(1))
                    .bean(NotificationSink.BEAN_NAME, "resume");
    }
}
