package io.hsmgateway.api;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/** The OpenAPI document and the route that serves it. */
public class OpenApiConfiguration implements CamelConfiguration {

    @BindToRegistry(OpenApiDocument.BEAN_NAME)
    public OpenApiDocument openApiDocument() {
        return new OpenApiDocument();
    }

    /**
     * Only Content-Type and Cache-Control go out (Camel's default HTTP header filter would drop Cache-Control); the
     * route reads no request header, so letting none in costs nothing.
     */
    @BindToRegistry(OpenApiRoute.HEADERS)
    public HeaderFilterStrategy openApiHeaders() {
        DefaultHeaderFilterStrategy headers = new DefaultHeaderFilterStrategy();
        headers.setOutFilterPattern("(?i)Content-Type|Cache-Control");
        headers.setFilterOnMatch(false);
        return headers;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addRoutes(new OpenApiRoute());
    }
}
