package io.hsmgateway.doors;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import org.apache.camel.builder.RouteBuilder;

/**
 * The published REST door: {@code POST /website/{websiteId}/hsm/notifications} with header
 * {@code apikey}. It only adapts HTTP to the pipeline's entry contract; the pipeline writes the answer,
 * within {@code hsm.rest.answer-within-ms}.
 */
public class RestDoor extends RouteBuilder {

    public static final String ROUTE_ID = "door-rest";
    public static final String PATH = "/website/{websiteId}/hsm/notifications";
    public static final String CHANNEL = "rest";

    public static final String STATUS_ROUTE_ID = "door-rest-status";

    private final AnswerDeadline answerDeadline;
    private final ResponseWriter responses;
    private final NotificationStatusView statusView = new NotificationStatusView();

    public RestDoor(AnswerDeadline answerDeadline, ResponseWriter responses) {
        this.answerDeadline = answerDeadline;
        this.responses = responses;
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=POST&muteException=true").routeId(ROUTE_ID)
                .setProperty(Hsm.WEBSITE_ID, header("websiteId"))
                .setProperty(Hsm.API_KEY, header("apikey"))
                .setProperty(Hsm.CHANNEL, constant(CHANNEL))
                .setProperty(Hsm.IDEMPOTENCY_KEY, header("Idempotency-Key"))
                // request headers would otherwise travel on (and be echoed back): apikey above all
                .removeHeaders("*")
                .bean(answerDeadline, "run");

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
