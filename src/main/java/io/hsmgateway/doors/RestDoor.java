package io.hsmgateway.doors;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.RequestBodyDecoder;
import io.hsmgateway.delivery.ThroughputLimits;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.nio.charset.StandardCharsets;

/**
 * The published REST door: {@code POST /website/{websiteId}/hsm/notifications} with header
 * {@code apikey}. It only adapts HTTP to the pipeline's entry contract; the pipeline writes the answer,
 * within {@code hsm.rest.answer-within-ms}. Bodies over {@code hsm.request.max-bytes} never get here: the
 * HTTP server refuses them ({@link io.hsmgateway.api.PayloadTooLargeAnswer}).
 */
public class RestDoor extends RouteBuilder {

    public static final String ROUTE_ID = "door-rest";
    public static final String PATH = "/website/{websiteId}/hsm/notifications";
    public static final String CHANNEL = "rest";

    public static final String STATUS_ROUTE_ID = "door-rest-status";
    public static final String RATE_LIMIT_ROUTE_ID = "door-rest-rate-limit";

    private final AnswerDeadline answerDeadline;
    private final ResponseWriter responses;
    private final ThroughputLimits limits;
    private final NotificationStatusView statusView = new NotificationStatusView();

    public RestDoor(AnswerDeadline answerDeadline, ResponseWriter responses, ThroughputLimits limits) {
        this.answerDeadline = answerDeadline;
        this.responses = responses;
        this.limits = limits;
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=POST&muteException=true").routeId(ROUTE_ID)
                .setProperty(Hsm.WEBSITE_ID, header("websiteId"))
                .setProperty(Hsm.API_KEY, header("apikey"))
                .setProperty(Hsm.CHANNEL, constant(CHANNEL))
                .setBody(method(RequestBodyDecoder.class, "decode"))
                // from here on the body is text: every conversion (schema check, the Cloud API call) is UTF-8,
                // not the charset the caller declared (Camel would otherwise send WhatsApp UTF-16)
                .setProperty(Exchange.CHARSET_NAME, constant(StandardCharsets.UTF_8.name()))
                .setProperty(Hsm.IDEMPOTENCY_KEY, header("Idempotency-Key"))
                .filter(method(limits, "keysLimited"))
                    .to("direct:" + RATE_LIMIT_ROUTE_ID)
                .end()
                // request headers would otherwise travel on (and be echoed back): apikey above all
                .removeHeaders("*")
                .bean(answerDeadline, "run");

        // requests per second per API key (hsm.rest.rate-limit.per-key): over it, 429 in the envelope
        from("direct:" + RATE_LIMIT_ROUTE_ID).routeId(RATE_LIMIT_ROUTE_ID)
                .throttle(constant(limits.perKey())).totalRequestsMode().timePeriodMillis(1000)
                    .correlationExpression(method(limits, "keyOf")).rejectExecution(true);

        // where a notification stands (e.g. one answered IN_PROGRESS or QUEUED), for the website's own key
        from("platform-http:" + PATH + "/{notificationId}?httpMethodRestrict=GET&muteException=true").routeId(STATUS_ROUTE_ID)
                .setProperty(Hsm.WEBSITE_ID, header("websiteId"))
                .setProperty(Hsm.API_KEY, header("apikey"))
                .setProperty("hsmQueriedId", header("notificationId"))
                .to("direct:" + NotificationPipeline.AUTHENTICATE)
                .setBody(method(statusView, "query"))
                .to("sql:classpath:sql/find-notification.sql?outputType=SelectOne&outputHeader="
                        + NotificationStatusView.NOTIFICATION_ROW)
                .setBody(method(statusView, "view"))
                .bean(responses, "writeResponse(${exchange}, ${body})");
    }
}
