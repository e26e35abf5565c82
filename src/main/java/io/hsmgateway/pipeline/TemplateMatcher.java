package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the request's {@link Template} (through {@link WebsiteLookups}, briefly cached) and checks the
 * request against it: it must exist, and {@code params} must hold exactly its variables.
 */
public class TemplateMatcher {

    public static final String BEAN_NAME = "templateMatcher";

    private final WebsiteLookups websites;

    public TemplateMatcher(WebsiteLookups websites) {
        this.websites = websites;
    }

    public Template match(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                          @ExchangeProperty(Hsm.REQUEST) NotificationRequest request) {
        Template template = websites.template(websiteId, request.getTemplateId());
        if (template == null) {
            throw notFound(websiteId, request.getTemplateId());
        }
        List<JoiError> problems = new ArrayList<>();
        for (String variable : template.variables()) {
            if (!request.getParams().containsKey(variable)) {
                problems.add(JoiError.required(List.of("params", variable)));
            }
        }
        request.getParams().forEach((name, value) -> {
            if (!template.variables().contains(name)) {
                problems.add(JoiError.notAllowed(List.of("params", name), value));
            }
        });
        if (!template.type().hasMedia() && request.getMediaLink() != null) {
            problems.add(JoiError.notAllowed(List.of("media"), Map.of("link", request.getMediaLink())));
        }
        if (!problems.isEmpty()) {
            throw new RejectedException(ApiCode.INVALID_BODY, problems);
        }
        return template;
    }

    /** The matched template's website: where its message goes, and with which token. */
    public DeliveryTarget target(@ExchangeProperty(Hsm.TEMPLATE) Template template) {
        return template.target();
    }

    private static RejectedException notFound(String websiteId, String templateId) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("templateId", templateId);
        result.put("websiteId", websiteId);
        return new RejectedException(ApiResponse.of(ApiCode.NOT_FOUND,
                "Cant find requested template " + templateId + " for website " + websiteId, result));
    }
}
