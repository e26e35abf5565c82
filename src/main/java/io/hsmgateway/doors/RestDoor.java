package io.hsmgateway.doors;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.RequestBodyDecoder;
import io.hsmgateway.delivery.ThroughputLimits;
import io.hsmgateway.pipeline.FailedAuthentications;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
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
    private static final String RATE_LIMIT_KEY = "hsmRateLimitKey";
    private static final String DOOR_BODY = "hsmDoorBody";

    private final AnswerDeadline answerDeadline;
    private final ResponseWriter responses;
    private final ThroughputLimits limits;
    private final FailedAuthentications failedAuthentications;
    private final NotificationStatusView statusView = new NotificationStatusView();

    public RestDoor(AnswerDeadline answerDeadline, ResponseWriter responses, ThroughputLimits limits,
                    FailedAuthentications failedAuthentications) {
        this.answerDeadline = answerDeadline;
        this.responses = responses;
        this.limits = limits;
        this.failedAuthentications = failedAuthentications;
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=POST&muteException=true").routeId(ROUTE_ID)
                .setProperty(Hsm.WEBSITE_ID, header("websiteId"))
                .setProperty(Hsm.API_KEY, header("apikey"))
                .setProperty(Hsm.CHANNEL, constant(CHANNEL))
                .setProperty(Hsm.CLIENT_ADDRESS, method(RestDoor.class, "clientAddress"))
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

        // requests per second per API key (hsm.rest.rate-limit.per-key), counted once the key is proven, so
        // rotating made-up keys dodges nothing; wrong keys count against the client's address instead
        from("direct:" + RATE_LIMIT_ROUTE_ID).routeId(RATE_LIMIT_ROUTE_ID)
                .bean(failedAuthentications, "checkAddress")
                .setProperty(RATE_LIMIT_KEY, method(limits, "keyOf"))
                .setProperty(DOOR_BODY, body())
                .to("direct:" + NotificationPipeline.AUTHENTICATE)
                .setBody(exchangeProperty(DOOR_BODY))
                .removeProperty(DOOR_BODY)
                .throttle(constant(limits.perKey())).totalRequestsMode().timePeriodMillis(1000)
                    .correlationExpression(exchangeProperty(RATE_LIMIT_KEY)).rejectExecution(true);

        // where a notification stands (e.g. one answered IN_PROGRESS or QUEUED), for the website's own key
        from("platform-http:" + PATH + "/{notificationId}?httpMethodRestrict=GET&muteException=true").routeId(STATUS_ROUTE_ID)
                .setProperty(Hsm.WEBSITE_ID, header("websiteId"))
                .setProperty(Hsm.API_KEY, header("apikey"))
                .setProperty("hsmQueriedId", header("notificationId"))
                .setProperty(Hsm.CLIENT_ADDRESS, method(RestDoor.class, "clientAddress"))
                // guessing keys here counts against the address as it does on POST
                .bean(failedAuthentications, "checkAddress")
                .to("direct:" + NotificationPipeline.AUTHENTICATE)
                .setBody(method(statusView, "query"))
                .to("sql:classpath:sql/find-notification.sql?outputType=SelectOne&outputHeader="
                        + NotificationStatusView.NOTIFICATION_ROW)
                .setBody(method(statusView, "view"))
                .bean(responses, "writeResponse(${exchange}, ${body})");
    }

    public static String clientAddress(@Header(VertxPlatformHttpConstants.REMOTE_ADDRESS) SocketAddress remote) {
        return remote == null ? null : remote.hostAddress();
    }
}
