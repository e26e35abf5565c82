package io.hsmgateway.doors;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationPipeline;
import org.apache.camel.builder.RouteBuilder;

/**
 * The published REST door: {@code POST /website/{websiteId}/hsm/notifications} with header
 * {@code apikey}. It only adapts HTTP to the pipeline's entry contract; the pipeline writes the answer.
 */
public class RestDoor extends RouteBuilder {

    public static final String ROUTE_ID = "door-rest";
    public static final String PATH = "/website/{websiteId}/hsm/notifications";
    public static final String CHANNEL = "rest";

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=POST&muteException=true").routeId(ROUTE_ID)
                .setProperty(Hsm.WEBSITE_ID, header("websiteId"))
                .setProperty(Hsm.API_KEY, header("apikey"))
                .setProperty(Hsm.CHANNEL, constant(CHANNEL))
                // request headers would otherwise travel on (and be echoed back): apikey above all
                .removeHeaders("*")
                .to(NotificationPipeline.ENTRY);
    }
}
