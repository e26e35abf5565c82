package io.hsmgateway.api;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The OpenAPI document and the route that serves it. */
public class OpenApiConfiguration implements CamelConfiguration {

    @BindToRegistry(OpenApiDocument.BEAN_NAME)
    public OpenApiDocument openApiDocument() {
        return new OpenApiDocument();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addRoutes(new OpenApiRoute());
    }
}
