package io.hsmgateway.callbacks;

import io.hsmgateway.Hsm;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.sql.SqlConstants;

/**
 * Every node polls for status callbacks that are due and POSTs each to its website's URL. Each attempt is claimed
 * with a conditional update first (DUE to SENDING, with this node's token), so with several nodes on one database an
 * attempt is made by one of them only. A row left SENDING by a node that died mid-call is due again after
 * {@code hsm.callbacks.stale-after-seconds}: a callback is delivered at least once, and receivers dedupe by
 * {@code X-Hsm-Callback-Id}. Callbacks of a website whose URL was removed end DEAD. Up to
 * {@code hsm.callbacks.concurrency} POSTs run side by side, so one slow receiver does not hold the others back.
 */
public class CallbackWorker extends RouteBuilder {

    public static final String POLL = "status-callbacks-poll";
    public static final String SEND = "status-callback-send";
    /** Registry name of the threads the POSTs run on. */
    public static final String THREADS = "statusCallbackThreads";

    @Override
    public void configure() {
        from("scheduler:" + POLL + "?delay={{hsm.callbacks.poll-ms}}&initialDelay={{hsm.callbacks.poll-ms}}").routeId(POLL)
                .setBody(method(CallbackQueue.BEAN_NAME, "staleParameters"))
                .to("sql:classpath:sql/callbacks/release-stale.sql")
                .to("sql:classpath:sql/callbacks/drop-orphans.sql")
                .setBody(method(CallbackQueue.BEAN_NAME, "dueParameters"))
                .to("sql:classpath:sql/callbacks/find-due.sql")
                .split(body()).parallelProcessing().executorService(THREADS)
                    .to("direct:" + SEND)
                .end();

        from("direct:" + SEND).routeId(SEND)
                .setProperty(Hsm.CALLBACK, method(CallbackQueue.BEAN_NAME, "due"))
                .setBody(method(CallbackQueue.BEAN_NAME, "claimParameters"))
                .to("sql:classpath:sql/callbacks/claim.sql")
                .filter(header(SqlConstants.SQL_UPDATE_COUNT).isEqualTo(1))
                    .setProperty(Hsm.CALLBACK_ATTEMPT, method(CallbackSender.BEAN_NAME, "send"))
                    .setBody(method(CallbackQueue.BEAN_NAME, "recordParameters"))
                    .to("sql:classpath:sql/callbacks/record.sql");
    }
}
