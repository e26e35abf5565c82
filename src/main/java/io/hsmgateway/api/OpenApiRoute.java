package io.hsmgateway.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * {@code GET /openapi.json} on the gateway's port: the document of the notifications, admin and webhook APIs.
 * No credential: it says what the API is, not what is in it. It changes only with the jar, so clients and proxies
 * may keep it a while.
 */
public class OpenApiRoute extends EndpointRouteBuilder {

    public static final String ROUTE_ID = "openapi-document";
    public static final String PATH = "/openapi.json";
    static final String CACHE_CONTROL = "public, max-age=3600";
    /** Registry name of the header filter that lets Cache-Control out (Camel's HTTP filter would drop it). */
    static final String HEADERS = "openApiHeaders";

    @Override
    public void configure() {
        from(platformHttp(PATH).httpMethodRestrict("GET").muteException(true).advanced().headerFilterStrategy("#" + HEADERS))
                .routeId(ROUTE_ID)
                // request headers would otherwise be echoed back
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setHeader("Cache-Control", constant(CACHE_CONTROL))
                .setBody(method(OpenApiDocument.BEAN_NAME, "json"));
    }
}
