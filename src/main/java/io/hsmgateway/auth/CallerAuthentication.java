package io.hsmgateway.auth;

import io.hsmgateway.Hsm;
import org.apache.camel.builder.RouteBuilder;

/**
 * Proves a caller may act for the website it names, for the pipeline's first step and for the notification
 * status endpoint: its API key matches one of the website's, or its door grants the website
 * ({@link Hsm#WEBSITE_GRANTED}, a per-website drop folder) and the website exists. A caller whose address
 * ({@link Hsm#CLIENT_ADDRESS}, doors over HTTP) sent too many wrong keys in the last second is refused before
 * any look-up. Replaces the body with the look-up's parameters.
 */
public class CallerAuthentication extends RouteBuilder {

    public static final String ROUTE_ID = "authenticate";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                .bean(FailedAuthentications.BEAN_NAME, "checkAddress")
                .setBody(method(ApiKeyAuthenticator.class, "lookupParameters"))
                .choice()
                    .when(exchangeProperty(Hsm.WEBSITE_GRANTED).isEqualTo(true))
                        .to("sql:classpath:sql/find-website.sql?outputType=SelectOne&outputHeader=" + Hsm.WEBSITE_FOUND)
                        .bean(ApiKeyAuthenticator.BEAN_NAME, "verifyGranted")
                        .removeHeader(Hsm.WEBSITE_FOUND)
                    .otherwise()
                        .to("sql:classpath:sql/find-api-keys.sql?outputHeader=" + Hsm.API_KEY_ROWS)
                        .bean(ApiKeyAuthenticator.BEAN_NAME, "verify")
                        .removeHeader(Hsm.API_KEY_ROWS)
                .end();
    }
}
