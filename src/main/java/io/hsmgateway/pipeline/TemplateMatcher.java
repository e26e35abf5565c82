package io.hsmgateway.pipeline;

import io.hsmgateway.api.Identifiers;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import org.apache.camel.ExchangeProperty;

import io.hsmgateway.templates.SendTimeRules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the request's {@link Template} (through {@link WebsiteLookups}, briefly cached) and checks the request against
 * it before anything is sent: it must exist, be APPROVED (a synced template), hold nothing the gateway cannot send,
 * and the request must give exactly what its layout asks for, within Meta's send-time rules ({@link SendTimeRules}).
 */
public class TemplateMatcher {

    public static final String BEAN_NAME = "templateMatcher";

    private final WebsiteLookups websites;
    private final Clock clock;

    public TemplateMatcher(WebsiteLookups websites, Clock clock) {
        this.websites = websites;
        this.clock = clock;
    }

    public Template match(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                          @ExchangeProperty(Hsm.REQUEST) NotificationRequest request) {
        Template template = websites.template(websiteId, request.getTemplateId());
        if (template == null) {
            throw notFound(websiteId, request.getTemplateId());
        }
        if (!template.sendable()) {
            throw notApproved(websiteId, request.getTemplateId(), template);
        }
        if (template.layout().unsupported() != null) {
            throw notSupported(websiteId, request.getTemplateId(), template);
        }
        List<JoiError> problems = new ArrayList<>(SendTimeRules.check(template.layout(), request.getParams(),
                request.getLocation(), clock.millis()));
        if (!template.type().hasMedia() && (request.getMediaLink() != null || request.getMediaFilename() != null)) {
            problems.add(JoiError.notAllowed(List.of("media"), Map.of("link", String.valueOf(request.getMediaLink()))));
        }
        if (template.type().hasMedia() && request.getMediaLink() == null && template.mediaLink() == null) {
            problems.add(JoiError.required(List.of("media")));
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

    private static RejectedException notApproved(String websiteId, String templateId, Template template) {
        return new RejectedException(ApiResponse.of(ApiCode.TEMPLATE_NOT_APPROVED, "Template " + templateId
                + " (" + template.name() + ", " + template.language() + ") is " + template.status()
                + " at WhatsApp: only APPROVED templates can be sent", result(websiteId, templateId, "status", template.status())));
    }

    private static RejectedException notSupported(String websiteId, String templateId, Template template) {
        return new RejectedException(ApiResponse.of(ApiCode.TEMPLATE_NOT_SUPPORTED, "Template " + templateId
                + " (" + template.name() + ", " + template.language() + ") has " + template.layout().unsupported()
                + ", which the gateway cannot send", result(websiteId, templateId, "unsupported", template.layout().unsupported())));
    }

    private static Map<String, Object> result(String websiteId, String templateId, String key, Object value) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("templateId", templateId);
        result.put("websiteId", websiteId);
        result.put(key, value);
        return result;
    }

    private static RejectedException notFound(String websiteId, String templateId) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("templateId", templateId);
        result.put("websiteId", websiteId);
        return new RejectedException(ApiResponse.of(ApiCode.NOT_FOUND,
                "Cant find requested template " + Identifiers.echo(templateId) + " for website " + Identifiers.echo(websiteId), result));
    }
}
