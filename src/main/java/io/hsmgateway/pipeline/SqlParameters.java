package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import org.apache.camel.ExchangeProperty;

import java.util.Map;

/**
 * Named parameters for the pipeline's look-ups, handed to camel-sql as a Map body: camel-sql reads a
 * Map body directly, where any other body costs a failed type conversion per parameter.
 */
public final class SqlParameters {

    private SqlParameters() {
    }

    public static Map<String, Object> template(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                                               @ExchangeProperty(Hsm.REQUEST) NotificationRequest request) {
        return Map.of("websiteId", websiteId, "templateId", request.getTemplateId());
    }
}
