package io.hsmgateway.auth;

import io.hsmgateway.Hsm;
import org.apache.camel.builder.RouteBuilder;

/**
 * Proves a caller may act for the website it names, for the pipeline's first step and for the notification
 * status endpoint: its API key matches one of the website's, or its door grants the website
 * ({@link Hsm#WEBSITE_GRANTED}, a per-website drop folder) and the website exists. A caller whose address
 * ({@link Hsm#CLIENT_ADDRESS}, doors over HTTP) sent too many wrong keys in the last second is refused before
 * any look-up. The website's keys are read through {@code WebsiteLookups}, briefly cached.
 */
public class CallerAuthentication extends RouteBuilder {

    public static final String ROUTE_ID = "authenticate";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                .bean(FailedAuthentications.BEAN_NAME, "checkAddress")
                .choice()
                    .when(exchangeProperty(Hsm.WEBSITE_GRANTED).isEqualTo(true))
                        .bean(ApiKeyAuthenticator.BEAN_NAME, "verifyGranted")
                    .otherwise()
                        .bean(ApiKeyAuthenticator.BEAN_NAME, "verify")
                .end();
    }
}
