package io.hsmgateway.doors;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.RequestBodyDecoder;
import io.hsmgateway.auth.CallerAuthentication;
import io.hsmgateway.pipeline.BeanResult;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

import java.nio.charset.StandardCharsets;

/**
 * The published REST door: {@code POST /website/{websiteId}/hsm/notifications} with header
 * {@code apikey}. It only adapts HTTP to the pipeline's entry contract; {@link AnswerDeadline} runs the pipeline
 * through the sink and answers within {@code hsm.rest.answer-within-ms}. Bodies over {@code hsm.request.max-bytes}
 * never get here: the HTTP server refuses them ({@link io.hsmgateway.api.PayloadTooLargeAnswer}).
 */
public class RestDoor extends EndpointRouteBuilder {

    public static final String ROUTE_ID = "door-rest";
    public static final String PATH = "/website/{websiteId}/hsm/notifications";
    public static final String CHANNEL = "rest";

    public static final String STATUS_ROUTE_ID = "door-rest-status";
    private static final String QUERIED_ID = "hsmQueriedId";

    @Override
    public void configure() {
        from(platformHttp(PATH).httpMethodRestrict("POST").muteException(true)).routeId(ROUTE_ID)
                .setProperty(Hsm.WEBSITE_ID, header("websiteId"))
                .setProperty(Hsm.API_KEY, header("apikey"))
                .setProperty(Hsm.CHANNEL, constant(CHANNEL))
                // wrong keys count against the caller's address, and proven keys are held to hsm.rest.rate-limit.per-key
                // (BeanResult, not method(): no copy of the exchange for each, on the door every request takes)
                .setProperty(Hsm.CLIENT_ADDRESS, BeanResult.of(ClientAddress.class, "of"))
                .setProperty(Hsm.IDEMPOTENCY_KEY, header("Idempotency-Key"))
                .setBody(BeanResult.of(RequestBodyDecoder.class, "decode"))
                // from here on the body is text: every conversion (schema check, the Cloud API call) is UTF-8,
                // not the charset the caller declared (Camel would otherwise send WhatsApp UTF-16)
                .setProperty(Exchange.CHARSET_NAME, constant(StandardCharsets.UTF_8.name()))
                // request headers would otherwise travel on (and be echoed back): apikey above all
                .removeHeaders("*")
                .bean(AnswerDeadline.BEAN_NAME, "run");

        // where a notification stands (e.g. one answered IN_PROGRESS or QUEUED), for the website's own key
        from(platformHttp(PATH + "/{notificationId}").httpMethodRestrict("GET").muteException(true)).routeId(STATUS_ROUTE_ID)
                .setProperty(Hsm.WEBSITE_ID, header("websiteId"))
                .setProperty(Hsm.API_KEY, header("apikey"))
                .setProperty(QUERIED_ID, header("notificationId"))
                // guessing keys here counts against the address as it does on POST
                .setProperty(Hsm.CLIENT_ADDRESS, method(ClientAddress.class, "of"))
                .to(CallerAuthentication.ENDPOINT)
                .setBody(method(NotificationStatusView.class, "query"))
                // the website's own notification with its WhatsApp statuses, one row each
                .to("sql:classpath:sql/find-notification.sql?outputHeader=" + NotificationStatusView.NOTIFICATION_ROWS)
                .setBody(method(NotificationStatusView.class, "view"))
                .bean(ResponseWriter.BEAN_NAME, "writeResponse(${exchange}, ${body})");
    }
}
